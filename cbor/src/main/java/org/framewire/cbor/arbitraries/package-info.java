/**
 * jqwik arbitraries for CBOR values ({@link org.framewire.cbor.arbitraries.CborValueArbitraries},
 * SPEC.md §5.1): the one place CBOR values are generated, for cbor's property tests and for the fuzz
 * kit. Test code only: jqwik is an optional dependency of cbor, so code that uses this package adds
 * jqwik itself (the fuzz kit does). Nothing else in cbor uses it.
 */
package org.framewire.cbor.arbitraries;
