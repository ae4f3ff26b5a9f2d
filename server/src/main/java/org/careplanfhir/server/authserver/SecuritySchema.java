package org.careplanfhir.server.authserver;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the authorization server's tables (clients, authorizations, consents, users, launches)
 * when they are missing. Beans that read those tables depend on this one. Imported by
 * {@link EmbeddedAuthorizationServer}: other modes have no such tables.
 */
public class SecuritySchema {

	SecuritySchema(DataSource dataSource) {
		new ResourceDatabasePopulator(new ClassPathResource("careplan/security/schema.sql")).execute(dataSource);
	}

}
