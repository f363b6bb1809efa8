package org.framewire.cli.layering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layering rules of docs/architecture.md, checked over main sources: a module refers only to
 * classes of modules in a lower layer of the table (or its own), and only modules the table marks
 * as opening sockets name a socket API. The table is read from the document itself, so the rules
 * and their description cannot drift apart.
 *
 * <p>A module's classes are the files under its {@code src/main/java} trees (for {@code examples},
 * every example's). A reference is any {@code org.framewire...} name in code with comments and
 * string literals removed, imports included, resolved to the longest prefix that is a class. A
 * socket API is one of {@link #SOCKET_APIS}, named in an import or in code.
 */
final class Layering {

  /** One row of the layer table. */
  record Module(String name, int layer, boolean opensSockets) {}

  /** One broken rule, as a line a reader can act on. */
  record Violation(String file, String message) {
    @Override
    public String toString() {
      return file + ": " + message;
    }
  }

  /** An allowed socket use outside the socket-opening modules, with the reason it is allowed. */
  record Allowance(String file, String api, String reason) {}

  /** Classes and packages that open (or accept) network connections. A package ends with a dot. */
  static final List<String> SOCKET_APIS = List.of(
      "java.net.Socket", "java.net.ServerSocket", "java.net.DatagramSocket", "java.net.MulticastSocket",
      "java.net.URLConnection", "java.net.HttpURLConnection", "java.net.http.HttpClient",
      "java.nio.channels.SocketChannel", "java.nio.channels.ServerSocketChannel",
      "java.nio.channels.DatagramChannel", "java.nio.channels.AsynchronousSocketChannel",
      "java.nio.channels.AsynchronousServerSocketChannel", "javax.net.SocketFactory",
      "javax.net.ServerSocketFactory", "javax.net.ssl.SSLSocket", "javax.net.ssl.SSLServerSocket",
      "javax.net.ssl.SSLSocketFactory", "javax.net.ssl.SSLServerSocketFactory",
      "com.sun.net.httpserver.HttpServer", "com.sun.net.httpserver.HttpsServer",
      "io.netty.bootstrap.", "io.netty.channel.socket.", "org.apache.catalina.startup.Tomcat");

  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*`([a-z-]+)`\\s*\\|\\s*(yes|no)\\s*\\|", Pattern.MULTILINE);
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern FRAMEWIRE_NAME = Pattern.compile("\\borg\\.framewire(?:\\.\\w+)+");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\b(?:java|javax|com\\.sun|io\\.netty|org\\.apache)(?:\\.\\w+)+");

  private Layering() {}

  /** The layer table of {@code architectureMd}: rows {@code | layer | `module` | yes/no | ...}. */
  static Map<String, Module> table(String architectureMd) {
    Map<String, Module> modules = new LinkedHashMap<>();
    Matcher m = ROW.matcher(architectureMd);
    while (m.find()) {
      modules.put(m.group(2), new Module(m.group(2), Integer.parseInt(m.group(1)), m.group(3).equals("yes")));
    }
    if (modules.isEmpty()) {
      throw new IllegalArgumentException("no layer table rows (| layer | `module` | yes/no | ...)");
    }
    return modules;
  }

  /** Every rule broken by the main sources under {@code root}, the allowances taken out. */
  static List<Violation> check(Path root, Map<String, Module> table, List<Allowance> allowed) {
    Map<String, String> classModule = new HashMap<>();
    Map<String, Set<String>> packageModules = new HashMap<>();
    Map<Path, String> fileModule = new LinkedHashMap<>();
    Map<Path, String> code = new LinkedHashMap<>();
    for (Module module : table.values()) {
      for (Path file : sources(root.resolve(module.name()))) {
        String text = withoutCommentsAndStrings(read(file));
        Matcher p = PACKAGE.matcher(text);
        String pkg = p.find() ? p.group(1) : "";
        String simple = file.getFileName().toString().replaceFirst("\\.java$", "");
        classModule.put(pkg.isEmpty() ? simple : pkg + "." + simple, module.name());
        packageModules.computeIfAbsent(pkg, k -> new TreeSet<>()).add(module.name());
        fileModule.put(file, module.name());
        code.put(file, text);
      }
    }
    List<Violation> out = new ArrayList<>();
    Set<Allowance> used = new java.util.HashSet<>();
    for (Map.Entry<Path, String> e : code.entrySet()) {
      Module self = table.get(fileModule.get(e.getKey()));
      String file = root.relativize(e.getKey()).toString().replace('\\', '/');
      String text = e.getValue();
      Set<String> seen = new TreeSet<>();
      Matcher ref = FRAMEWIRE_NAME.matcher(text);
      while (ref.find()) {
        String owner = owner(ref.group(), classModule, packageModules, self.name());
        if (owner != null && !owner.equals(self.name()) && table.get(owner).layer() >= self.layer()
            && seen.add(owner + " " + ref.group())) {
          out.add(new Violation(file, "module " + self.name() + " (layer " + self.layer() + ") uses "
              + ref.group() + " of module " + owner + " (layer " + table.get(owner).layer() + ")"));
        }
      }
      if (!self.opensSockets()) {
        for (String api : socketApis(text)) {
          List<Allowance> excuses =
              allowed.stream().filter(a -> a.file().equals(file) && a.api().equals(api)).toList();
          used.addAll(excuses);
          if (excuses.isEmpty()) {
            out.add(new Violation(file, "module " + self.name() + " names socket API " + api
                + "; only transport and the hosts open sockets"));
          }
        }
      }
    }
    for (Allowance a : allowed) {
      if (!used.contains(a)) {
        out.add(new Violation(a.file(), "allowance for " + a.api() + " is no longer needed: remove it"));
      }
    }
    return out;
  }

  /** The module holding the class (or package) {@code name} refers to; null when not framewire's. */
  private static String owner(
      String name, Map<String, String> classModule, Map<String, Set<String>> packageModules, String self) {
    for (String n = name; n.contains("."); n = n.substring(0, n.lastIndexOf('.'))) {
      String module = classModule.get(n);
      if (module != null) {
        return module;
      }
    }
    for (String n = name; n.contains("."); n = n.substring(0, n.lastIndexOf('.'))) {
      Set<String> modules = packageModules.get(n);
      if (modules != null) {
        return modules.contains(self) ? self : modules.iterator().next();
      }
    }
    return null;
  }

  /** The socket APIs {@code code} names: imported (single or on demand) or written out in full. */
  static Set<String> socketApis(String code) {
    Set<String> names = new TreeSet<>();
    Set<String> onDemand = new TreeSet<>();
    Matcher imp = IMPORT.matcher(code);
    while (imp.find()) {
      if (imp.group(3) != null) {
        onDemand.add(imp.group(2) + ".");
      } else {
        names.add(imp.group(2));
      }
    }
    Matcher q = QUALIFIED.matcher(code);
    while (q.find()) {
      names.add(q.group());
    }
    Set<String> found = new TreeSet<>();
    for (String api : SOCKET_APIS) {
      for (String n : names) {
        if (api.endsWith(".") ? n.startsWith(api) : n.equals(api) || n.startsWith(api + ".")) {
          found.add(api);
        }
      }
      if (!api.endsWith(".")) {
        String pkg = api.substring(0, api.lastIndexOf('.') + 1);
        String simple = api.substring(pkg.length());
        if (onDemand.contains(pkg) && Pattern.compile("\\b" + simple + "\\b").matcher(code).find()) {
          found.add(api);
        }
      } else if (onDemand.stream().anyMatch(p -> p.startsWith(api))) {
        found.add(api);
      }
    }
    return found;
  }

  /** {@code java} with comments, string and character literals blanked out; lines are kept. */
  static String withoutCommentsAndStrings(String java) {
    StringBuilder out = new StringBuilder(java.length());
    int i = 0;
    int n = java.length();
    while (i < n) {
      char c = java.charAt(i);
      if (c == '/' && i + 1 < n && java.charAt(i + 1) == '/') {
        while (i < n && java.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && java.charAt(i + 1) == '*') {
        int end = java.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(java, i, end, out);
        i = end;
      } else if (java.startsWith("\"\"\"", i)) {
        int end = java.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        blank(java, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && java.charAt(j) != c && java.charAt(j) != '\n') {
          j += java.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = Math.min(n, j + 1);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String java, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      if (java.charAt(k) == '\n') {
        out.append('\n');
      }
    }
    out.append(' ');
  }

  /**
   * Whether {@code relative} (to the module) is under a {@code src/main/java} tree that is not in a
   * build directory: a package named {@code target} (org.framewire.conformance.target) counts.
   */
  static boolean isMainSource(String relative) {
    int src = relative.indexOf("src/main/java/");
    if (src < 0) {
      return false;
    }
    String above = "/" + relative.substring(0, src);
    return !above.contains("/target/");
  }

  private static List<Path> sources(Path moduleDir) {
    if (!Files.isDirectory(moduleDir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(moduleDir)) {
      return walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> isMainSource(moduleDir.relativize(p).toString().replace('\\', '/')))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
