package org.careplanfhir.server.security;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.stereotype.Component;

/**
 * Creates the authorization server's tables (clients, authorizations, consents, users, launches)
 * when they are missing. Beans that read those tables depend on this one.
 */
@Component
@ConditionalOnExpression(SecurityModes.EMBEDDED)
public class SecuritySchema {

	SecuritySchema(DataSource dataSource) {
		new ResourceDatabasePopulator(new ClassPathResource("careplan/security/schema.sql")).execute(dataSource);
	}

}
