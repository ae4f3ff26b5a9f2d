package org.careplanfhir.server.authserver.accounts;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.careplanfhir.server.security.policy.PayerBinding;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The payer of a client registered with the embedded authorization server, from its registration.
 * Every request asks, so an answer is kept a few seconds; a registration changed through the admin
 * API holds from then on.
 */
class RegisteredPayers implements PayerBinding {

	private static final Duration KEPT = Duration.ofSeconds(5);

	private final RegisteredClientRepository repository;

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	RegisteredPayers(RegisteredClientRepository repository) {
		this.repository = repository;
	}

	@Override
	public Optional<String> payerOf(String clientId) {
		if (clientId == null) {
			return Optional.empty();
		}
		long now = System.nanoTime();
		Answer answer = answers.get(clientId);
		if (answer == null || now - answer.at() > KEPT.toNanos()) {
			RegisteredClient client = repository.findByClientId(clientId);
			answer = new Answer(client == null ? null : client.getClientSettings().getSetting(ClientRegistrations.PAYER), now);
			if (answers.size() > 10_000) {
				answers.clear();
			}
			answers.put(clientId, answer);
		}
		return Optional.ofNullable(answer.payer());
	}

	/** A client saved or removed: its next request reads the registration again. */
	void forget(String clientId) {
		answers.remove(clientId);
	}

	private record Answer(String payer, long at) {
	}

}
