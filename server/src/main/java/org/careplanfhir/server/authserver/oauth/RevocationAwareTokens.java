package org.careplanfhir.server.authserver.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.careplanfhir.server.authserver.accounts.ClientRegistrations;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Accepts an access token only while the authorization server still holds it and has not
 * invalidated it (revocation, client removal): a self-contained JWT would otherwise keep working
 * until it expires. One indexed look-up of the token's own row; the whole authorization is not
 * loaded. A token that passed is trusted for the recheck interval (never past its expiry) without
 * verifying its signature or reading its row again; this server forgets it at once when it is
 * revoked here or its client is removed.
 */
class RevocationAwareTokens implements JwtDecoder {

	/** Where Spring Authorization Server records, in the token's metadata, that it was invalidated. */
	private static final String INVALIDATED = "metadata.token.invalidated";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final JwtDecoder signatures;

	private final JdbcTemplate database;

	private final Cache<String, Jwt> checked;

	RevocationAwareTokens(JwtDecoder signatures, JdbcTemplate database, Duration recheckInterval) {
		this.signatures = signatures;
		this.database = database;
		this.checked = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(recheckInterval).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = checked.getIfPresent(token);
		if (known != null && known.getExpiresAt() != null && known.getExpiresAt().isAfter(Instant.now())) {
			return known;
		}
		Jwt jwt = signatures.decode(token);
		List<String> metadata = database.queryForList(
				"SELECT access_token_metadata FROM oauth2_authorization WHERE access_token_value = ?", String.class,
				token);
		if (metadata.isEmpty() || invalidated(metadata.get(0))) {
			throw new BadJwtException("The access token has been revoked");
		}
		checked.put(token, jwt);
		return jwt;
	}

	/** The authorization store invalidated or removed this access token. */
	void revoked(String token) {
		checked.invalidate(token);
	}

	@EventListener
	void clientRemoved(ClientRegistrations.ClientRemoved removed) {
		checked.invalidateAll();
	}

	private static boolean invalidated(String metadata) {
		try {
			return metadata == null || JSON.readTree(metadata).path(INVALIDATED).asBoolean(false);
		}
		catch (JsonProcessingException unreadable) {
			return true;
		}
	}

}
