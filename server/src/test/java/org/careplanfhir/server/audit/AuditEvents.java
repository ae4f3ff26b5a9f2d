package org.careplanfhir.server.audit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static org.assertj.core.api.Assertions.assertThat;

/** AuditEvents as the tests read them: searched until they have arrived, and their parts by name. */
final class AuditEvents {

	static final String REST = "http://terminology.hl7.org/CodeSystem/audit-event-type";

	static final String AUTHORIZATION = "http://careplan-fhir.org/fhir/CodeSystem/cm-audit|authorization";

	private AuditEvents() {
	}

	/** The events a search finds once {@code enough} says so, or after 20 s whatever they are. */
	static List<Map<String, Object>> await(Supplier<RequestSpecification> auditor, String search,
			Predicate<List<Map<String, Object>>> enough) {
		Instant deadline = Instant.now().plusSeconds(20);
		while (true) {
			Response answer = auditor.get().get(search);
			assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
			List<Map<String, Object>> events = answer.jsonPath().getList("entry.resource");
			if (events == null) {
				events = List.of();
			}
			if (enough.test(events) || Instant.now().isAfter(deadline)) {
				return events;
			}
			sleep(Duration.ofMillis(250));
		}
	}

	/** Exactly {@code expected} events, checked again after the drain has had time to bring any more. */
	static List<Map<String, Object>> exactly(Supplier<RequestSpecification> auditor, String search, int expected) {
		await(auditor, search, found -> found.size() >= expected);
		sleep(Duration.ofMillis(1500));
		List<Map<String, Object>> events = await(auditor, search, found -> found.size() >= expected);
		assertThat(events).as(search).hasSize(expected);
		return events;
	}

	@SuppressWarnings("unchecked")
	static String subtypeOf(Map<String, Object> event) {
		return ((List<Map<String, Object>>) event.get("subtype")).get(0).get("code").toString();
	}

	@SuppressWarnings("unchecked")
	static List<String> entitiesOf(Map<String, Object> event) {
		List<Map<String, Object>> entities = (List<Map<String, Object>>) event.get("entity");
		return entities == null ? List.of() : entities.stream()
			.filter(entity -> entity.get("what") != null)
			.map(entity -> ((Map<String, Object>) entity.get("what")).get("reference").toString())
			.toList();
	}

	@SuppressWarnings("unchecked")
	static String patientOf(Map<String, Object> event) {
		List<Map<String, Object>> entities = (List<Map<String, Object>>) event.get("entity");
		return entities == null ? null : entities.stream()
			.filter(entity -> "1".equals(((Map<String, Object>) entity.get("role")).get("code")))
			.map(entity -> ((Map<String, Object>) entity.get("what")).get("reference").toString())
			.findFirst().orElse(null);
	}

	/** The query entity, decoded from base64 and from URL encoding. */
	@SuppressWarnings("unchecked")
	static String queryOf(Map<String, Object> event) {
		List<Map<String, Object>> entities = (List<Map<String, Object>>) event.get("entity");
		return entities == null ? null : entities.stream()
			.filter(entity -> entity.get("query") != null)
			.map(entity -> URLDecoder.decode(new String(Base64.getDecoder().decode(entity.get("query").toString()),
					StandardCharsets.UTF_8), StandardCharsets.UTF_8))
			.findFirst().orElse(null);
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
