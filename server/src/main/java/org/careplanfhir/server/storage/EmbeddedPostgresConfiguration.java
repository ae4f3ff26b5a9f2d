package org.careplanfhir.server.storage;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the server on an embedded PostgreSQL when the operator gave no {@code spring.datasource.url}.
 * The pool is still configured by the standard {@code spring.datasource.hikari.*} keys.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoExternalDatabaseCondition.class)
class EmbeddedPostgresConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgresServer embeddedPostgresServer(DataDirectoryProperties dataDirectory,
			EmbeddedPostgresProperties embedded) {
		return EmbeddedPostgresServer.start(dataDirectory.resolve("postgres"), embedded);
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgresServer server) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.driverClassName("org.postgresql.Driver")
			.url(server.jdbcUrl())
			.username(server.username())
			.build();
	}

}
