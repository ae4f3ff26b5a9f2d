/**
 * Search: full-text search ({@code _content}, {@code _text}) through Hibernate Search on Lucene or
 * Elasticsearch.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search",
		allowedDependencies = { "storage", "fhir", "web" })
package org.careplanfhir.server.search;
