package org.careplanfhir.server.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;

/**
 * A JSON Web Key Set served over real HTTP on a free loopback port, as an identity provider or a
 * backend service publishes its public keys.
 */
final class LocalKeySet implements AutoCloseable {

	private final HttpServer server;

	private LocalKeySet(HttpServer server) {
		this.server = server;
	}

	static LocalKeySet serving(JWKSet keys) {
		byte[] body = keys.toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/jwks.json", exchange -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return new LocalKeySet(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
