/**
 * Search: full-text search ({@code _content}, {@code _text}) through Hibernate Search on Lucene or
 * Elasticsearch; date prefixes read as the FHIR search rules say; and {@code Patient/$everything}'s
 * own parameters and the Provenance of the records it returns.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search",
		allowedDependencies = { "storage", "fhir", "web" })
package org.careplanfhir.server.search;
