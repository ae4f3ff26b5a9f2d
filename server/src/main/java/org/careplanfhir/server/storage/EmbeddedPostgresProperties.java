package org.careplanfhir.server.storage;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the embedded PostgreSQL that runs when no {@code spring.datasource.url} is given.
 *
 * @param port TCP port on the loopback interface; 0 picks a free one at each start
 * @param database name of the database the server creates and uses
 * @param durable whether a commit waits until it is on disk; only throwaway databases (tests)
 * should turn it off
 */
@Validated
@ConfigurationProperties("careplan.storage.embedded")
record EmbeddedPostgresProperties(@Min(0) @Max(65535) @DefaultValue("0") int port,
		@NotBlank @DefaultValue("careplan") String database, @DefaultValue("true") boolean durable) {
}
