package org.framewire.examples;

import java.nio.file.Files;
import java.util.concurrent.Executors;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.framewire.servlet.FramewireServlet;
import org.framewire.transport.HttpApi;
import org.framewire.session.commands.CommandRegistry;

/** The HTTP transport in embedded Tomcat: {@code java -jar tomcat-server.jar [port]} (default 4002). */
public final class TomcatServer {
  private TomcatServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 4002;
    Tomcat tomcat = new Tomcat();
    String dir = Files.createTempDirectory("framewire-tomcat").toString();
    tomcat.setBaseDir(dir);
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext("", dir);

    Wrapper w = Tomcat.addServlet(ctx, "framewire",
        new FramewireServlet(CommandRegistry.conformance(), Executors.newCachedThreadPool()));
    w.setAsyncSupported(true);
    ctx.addServletMappingDecoded("/*", "framewire");

    tomcat.start();
    System.out.println("framewire servlet on http://127.0.0.1:" + connector.getLocalPort()
        + "/api/" + HttpApi.DEFAULT_PREFIX + "/ro/<command>");
    tomcat.getServer().await(); // until Ctrl-C
  }
}
