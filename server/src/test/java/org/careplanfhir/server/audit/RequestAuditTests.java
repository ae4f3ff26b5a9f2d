package org.careplanfhir.server.audit;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** What one request's answer is recorded as: per patient, and without successful reads when those are off. */
class RequestAuditTests {

	@Test
	void aSearchIsOneRecordPerPatientWithTheQueryAndWhatBelongsToNoPatientGoesWithThem() {
		RequestAudit audit = audit("GET", "/fhir/Goal", "_count=5");
		audit.answer().identify(AuditedAction.SEARCH_TYPE, "Goal", null);
		audit.answer().shown("Patient/1", "Goal/10");
		audit.answer().shown("Patient/2", "Goal/20");
		audit.answer().shown(null, "Provenance/30");

		List<AuditRecord> records = audit.records(200, null, true);

		assertThat(records).extracting(AuditRecord::patient).containsExactly("Patient/1", "Patient/2");
		assertThat(records).allSatisfy(record -> {
			assertThat(record.query()).isEqualTo("/fhir/Goal?_count=5");
			assertThat(record.entities()).isEmpty();
			assertThat(record.outcome()).isZero();
		});
	}

	@Test
	void aReadNamesTheRecordItShowed() {
		RequestAudit audit = audit("GET", "/fhir/Goal/10", null);
		audit.answer().identify(AuditedAction.READ, "Goal", "Goal/10");
		audit.answer().shown("Patient/1", "Goal/10");

		assertThat(audit.records(200, null, true)).singleElement().satisfies(record -> {
			assertThat(record.entities()).containsExactly("Goal/10");
			assertThat(record.query()).isNull();
		});
	}

	@Test
	void withReadAuditingOffSuccessfulReadsAreNotRecordedButRefusalsAre() {
		RequestAudit read = audit("GET", "/fhir/Goal/10", null);
		read.answer().identify(AuditedAction.READ, "Goal", "Goal/10");
		assertThat(read.records(200, null, false)).isEmpty();

		RequestAudit refused = audit("GET", "/fhir/Goal/10", null);
		refused.refusedBecause("insufficient_scope");
		assertThat(refused.records(403, null, false)).singleElement().satisfies(record -> {
			assertThat(record.action()).isEqualTo(AuditedAction.READ);
			assertThat(record.outcome()).isEqualTo(AuditRecord.MINOR_FAILURE);
			assertThat(record.reason()).isEqualTo("insufficient_scope");
			assertThat(record.query()).isEqualTo("/fhir/Goal/10");
		});
	}

	@Test
	void aRequestRefusedBeforeHapiNamedItIsKnownByItsMethodAndPath() {
		assertThat(AuditedAction.attempted("POST", "/")).isEqualTo(AuditedAction.TRANSACTION);
		assertThat(AuditedAction.attempted("POST", "/Goal")).isEqualTo(AuditedAction.CREATE);
		assertThat(AuditedAction.attempted("POST", "/Goal/_search")).isEqualTo(AuditedAction.SEARCH_TYPE);
		assertThat(AuditedAction.attempted("GET", "/Goal")).isEqualTo(AuditedAction.SEARCH_TYPE);
		assertThat(AuditedAction.attempted("GET", "/Goal/1")).isEqualTo(AuditedAction.READ);
		assertThat(AuditedAction.attempted("GET", "/Goal/1/_history/2")).isEqualTo(AuditedAction.VREAD);
		assertThat(AuditedAction.attempted("GET", "/Patient/1/$everything")).isEqualTo(AuditedAction.OPERATION);
		assertThat(AuditedAction.attempted("DELETE", "/Goal/1")).isEqualTo(AuditedAction.DELETE);
		assertThat(AuditedAction.attempted("GET", "/")).isEqualTo(AuditedAction.SEARCH_SYSTEM);
	}

	@Test
	void aServerFaultIsRecordedWithoutItsInternals() {
		RequestAudit audit = audit("GET", "/fhir/Goal/10", null);
		audit.refusedBecause("org.postgresql.util.PSQLException: connection refused");
		assertThat(audit.records(500, null, true)).singleElement().satisfies(record -> {
			assertThat(record.outcome()).isEqualTo(AuditRecord.SERIOUS_FAILURE);
			assertThat(record.reason()).isEqualTo("The server could not answer (HTTP 500)");
		});
	}

	private static RequestAudit audit(String method, String path, String query) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setQueryString(query);
		request.setRemoteAddr("192.0.2.7");
		return RequestAudit.begin(request);
	}

}
