package org.careplanfhir.server.storage;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the server keeps its local state: the embedded database, the full-text index and keys.
 *
 * @param dataDir the root folder; created on first start
 */
@Validated
@ConfigurationProperties("careplan")
public record DataDirectoryProperties(@NotNull @DefaultValue("./data") Path dataDir) {

	public Path resolve(String child) {
		return dataDir.resolve(child).toAbsolutePath().normalize();
	}

}
