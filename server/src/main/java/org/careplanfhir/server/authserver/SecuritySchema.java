package org.careplanfhir.server.authserver;

import javax.sql.DataSource;

import org.careplanfhir.server.storage.SchemaScripts;

/**
 * Creates the authorization server's tables (clients, authorizations, consents, users, launches)
 * when they are missing. Beans that read those tables depend on this one. Imported by
 * {@link EmbeddedAuthorizationServer}: other modes have no such tables.
 */
public class SecuritySchema {

	SecuritySchema(DataSource dataSource) {
		SchemaScripts.apply(dataSource, "careplan/security/schema.sql");
	}

}
