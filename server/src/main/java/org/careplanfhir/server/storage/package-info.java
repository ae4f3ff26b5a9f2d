/**
 * Storage: the PostgreSQL data source (embedded or external), HAPI's schema migrations, the JPA
 * persistence unit and HAPI's storage settings.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage",
		allowedDependencies = { "web" })
package org.careplanfhir.server.storage;
