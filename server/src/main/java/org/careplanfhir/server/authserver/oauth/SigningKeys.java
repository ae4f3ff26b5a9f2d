package org.careplanfhir.server.authserver.oauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.careplanfhir.server.cluster.ClusterMode;
import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.storage.DataDirectoryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * The keys that sign access and ID tokens: read from {@code careplan.security.signing-keys}, or
 * from the data folder, where a 2048-bit RSA key is created (readable by the owner only) on first
 * start. Keeping them on disk is what lets tokens outlive a restart. In cluster mode without a key
 * file they are kept in the shared database instead, created by the first instance to start, so
 * that a token one instance signs is honoured by every other.
 */
final class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private SigningKeys() {
	}

	static JWKSet load(SecurityProperties properties, DataDirectoryProperties dataDirectory, ClusterMode cluster,
			JdbcTemplate database) {
		if (!StringUtils.hasText(properties.signingKeys()) && cluster.on()) {
			return shared(database);
		}
		Path file = StringUtils.hasText(properties.signingKeys()) ? Path.of(properties.signingKeys())
				: dataDirectory.resolve("security").resolve("signing-keys.json");
		try {
			if (Files.exists(file)) {
				return JWKSet.load(file.toFile());
			}
			JWKSet keys = new JWKSet(newSigningKey());
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, keys.toString(false));
			restrictToOwner(file);
			log.info("Created a token signing key in {}", file);
			return keys;
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot read or create the signing keys in " + file, ex);
		}
	}

	/** The stored keys; a new key is made only when none is stored yet (the first instance's first start). */
	private static JWKSet shared(JdbcTemplate database) {
		String select = "SELECT jwk_set FROM careplan_signing_keys WHERE id = 1";
		List<String> stored = database.queryForList(select, String.class);
		if (stored.isEmpty()) {
			// Two instances starting at once may both get here: the first row stays, and both read it.
			int created = database.update(
					"INSERT INTO careplan_signing_keys (id, jwk_set) VALUES (1, ?) ON CONFLICT (id) DO NOTHING",
					new JWKSet(newSigningKey()).toString(false));
			if (created == 1) {
				log.info("Created the cluster's token signing key in the database");
			}
			stored = database.queryForList(select, String.class);
		}
		try {
			return JWKSet.parse(stored.get(0));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("The signing keys in careplan_signing_keys are not a JSON Web Key Set", ex);
		}
	}

	private static RSAKey newSigningKey() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyID(UUID.randomUUID().toString())
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void restrictToOwner(Path file) {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException notPosix) {
			// Windows: the folder's ACL applies.
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
