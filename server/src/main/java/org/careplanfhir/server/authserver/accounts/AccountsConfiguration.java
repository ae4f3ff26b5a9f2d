package org.careplanfhir.server.authserver.accounts;

import java.util.List;

import javax.sql.DataSource;

import org.careplanfhir.server.authserver.SecuritySchema;
import org.careplanfhir.server.authserver.SignInProperties;
import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.security.ShippedApp;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** Accounts and client registrations of the embedded authorization server, in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class AccountsConfiguration {

	/** bcrypt for new hashes; the {id} prefix keeps older hashes readable after a change. */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserAccounts userAccounts(SecuritySchema schema, JdbcTemplate database, PasswordEncoder passwords,
			SignInProperties signIn) {
		return new UserAccounts(database, passwords, signIn.minPasswordLength());
	}

	@Bean
	RegisteredPayers registeredPayers(RegisteredClientRepository repository) {
		return new RegisteredPayers(repository);
	}

	@Bean
	ClientRegistrations clientRegistrations(RegisteredClientRepository repository, JdbcTemplate database,
			PasswordEncoder passwords, SecurityProperties properties, ApplicationEventPublisher events,
			RegisteredPayers payers) {
		return new ClientRegistrations(repository, database, passwords, properties, events, payers);
	}

	@Bean
	ConfiguredAccounts configuredAccounts(DataSource dataSource, SecurityProperties properties, UserAccounts users,
			ClientRegistrations clients, List<ShippedApp> apps) {
		return new ConfiguredAccounts(dataSource, properties, users, clients, apps);
	}

}
