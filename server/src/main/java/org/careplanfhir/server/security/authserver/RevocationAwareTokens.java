package org.careplanfhir.server.security.authserver;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Accepts an access token only while the authorization server still holds it and has not
 * invalidated it (revocation, client removal): a self-contained JWT would otherwise keep working
 * until it expires. One indexed look-up of the token's own row per request; the whole
 * authorization is not loaded.
 */
class RevocationAwareTokens implements JwtDecoder {

	/** Where Spring Authorization Server records, in the token's metadata, that it was invalidated. */
	private static final String INVALIDATED = "metadata.token.invalidated";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final JwtDecoder signatures;

	private final JdbcTemplate database;

	RevocationAwareTokens(JwtDecoder signatures, JdbcTemplate database) {
		this.signatures = signatures;
		this.database = database;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = signatures.decode(token);
		List<String> metadata = database.queryForList(
				"SELECT access_token_metadata FROM oauth2_authorization WHERE access_token_value = ?", String.class,
				token);
		if (metadata.isEmpty() || invalidated(metadata.get(0))) {
			throw new BadJwtException("The access token has been revoked");
		}
		return jwt;
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
