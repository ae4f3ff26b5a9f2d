package org.careplanfhir.server;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.careplanfhir.bench.smart.ClientAuthentication;
import org.careplanfhir.bench.smart.SmartServer;
import org.careplanfhir.bench.smart.TokenEndpoint;
import org.careplanfhir.bench.smart.TokenResponse;

/**
 * Access tokens for tests, from the server's real token endpoint through the bench's SMART client:
 * the functional tests call the FHIR endpoint as the {@code test-backend} service with
 * {@code system/*.cruds} (client credentials), as an EHR integration would.
 */
public final class TestTokens {

	public static final String BACKEND = "test-backend";

	public static final String BACKEND_SECRET = "test-backend-secret";

	private static final Map<Integer, Token> SYSTEM_TOKENS = new ConcurrentHashMap<>();

	private TestTokens() {
	}

	/** A full-access backend token for the server on this port, reused until shortly before it expires. */
	public static String system(int port) {
		return SYSTEM_TOKENS
			.compute(port, (key, known) -> known != null && known.expiresAt().isAfter(Instant.now().plusSeconds(30))
					? known : clientCredentials(port, BACKEND, BACKEND_SECRET, "system/*.cruds"))
			.value();
	}

	/**
	 * Forgets the token kept for this port: a server started on a port an earlier one used (ports are
	 * drawn at random) has its own keys and store, where that token means nothing.
	 */
	public static void forget(int port) {
		SYSTEM_TOKENS.remove(port);
	}

	public static Token clientCredentials(int port, String clientId, String secret, String scope) {
		TokenResponse response = new TokenEndpoint(SmartServer.onLocalPort(port),
				ClientAuthentication.secretBasic(clientId, secret))
			.clientCredentials(scope);
		return new Token(response.accessToken(), Instant.now().plusSeconds(response.expiresInSeconds()));
	}

	public record Token(String value, Instant expiresAt) {
	}

}
