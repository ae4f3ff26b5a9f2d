package org.careplanfhir.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventJsonTests {

	private static final IParser HAPI = FhirContext.forR4Cached().newJsonParser();

	/** What each optional field of a record may be: absent, empty, plain, or text that needs escaping. */
	private static final String[] CHOICES = { null, "", "Patient/1", "Ann \"Lee\" <ann@example.org> / Åsa \u2028 \\ \t\u00e9" };

	@Test
	void writesExactlyWhatHapiWritesForTheSameEventBuiltAsItsModel() {
		List<AuditRecord> records = new ArrayList<>();
		for (AuditedAction action : AuditedAction.values()) {
			records.add(record(action, new String[8], List.of()));
			records.add(record(action, new String[] { "why", "Practitioner/7", "ann", "app", "10.0.0.1", "Patient/1",
					"/fhir/Patient?name=x", "Patient" }, List.of("CarePlan/2", "Goal/3")));
		}
		Random random = new Random(20261205);
		for (int i = 0; i < 3_000; i++) {
			String[] fields = new String[8];
			for (int f = 0; f < fields.length; f++) {
				fields[f] = CHOICES[random.nextInt(CHOICES.length)];
			}
			List<String> entities = random.nextBoolean() ? List.of() : List.of("CarePlan/" + i, CHOICES[2 + random.nextInt(2)]);
			AuditedAction[] actions = AuditedAction.values();
			records.add(record(actions[random.nextInt(actions.length)], fields, entities));
		}

		for (int i = 0; i < records.size(); i++) {
			AuditRecord record = records.get(i);
			String expected = HAPI.encodeResourceToString(AuditEventDocument.of(i, record));

			assertThat(AuditEventJson.of(i, record)).as(record.toString()).isEqualTo(expected);
		}
	}

	@Test
	void readsBackAsTheEventItDescribes() {
		AuditRecord record = record(AuditedAction.SEARCH_TYPE, new String[] { null, "Practitioner/7", "ann", "app",
				"10.0.0.1", "Patient/1", "/fhir/CarePlan?patient=1", "CarePlan" }, List.of("CarePlan/2"));

		AuditEvent event = HAPI.parseResource(AuditEvent.class, AuditEventJson.of(5, record));

		assertThat(event.getAgent()).hasSize(3);
		assertThat(event.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/7");
		assertThat(event.getEntity()).extracting(entity -> entity.getWhat().getReference())
			.containsExactly("Patient/1", "CarePlan/2", null);
		assertThat(new String(event.getEntity().get(2).getQuery())).isEqualTo("/fhir/CarePlan?patient=1");
		assertThat(event.getEntity().get(2).getName()).isEqualTo("CarePlan");
	}

	private static AuditRecord record(AuditedAction action, String[] f, List<String> entities) {
		int outcome = f[0] == null ? AuditRecord.SUCCESS : AuditRecord.MINOR_FAILURE;
		return new AuditRecord(1_764_921_600_123L, action, outcome, f[0], f[1], f[2], f[3], f[4], f[5], entities, f[6],
				f[7]);
	}

}
