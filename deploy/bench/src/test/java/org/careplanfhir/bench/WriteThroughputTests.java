package org.careplanfhir.bench;

import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WriteThroughputTests {

	@Test
	void theConditionalScenarioFindsItsPatientByARecordNumberItCreatesConditionallyInTheSameTransaction() throws Exception {
		Bundle transaction = parse(WriteThroughput.fresh(WriteThroughput.scenarioTemplate(true)));
		Bundle.BundleEntryComponent patientEntry = transaction.getEntry().stream()
			.filter(entry -> entry.getResource() instanceof Patient).findFirst().orElseThrow();
		String recordNumber = ((Patient) patientEntry.getResource()).getIdentifier().stream()
			.filter(identifier -> WriteThroughput.RECORD_NUMBERS.equals(identifier.getSystem()))
			.findFirst().orElseThrow().getValue();
		assertThat(recordNumber).matches("[0-9a-f-]{36}");
		String byRecordNumber = "identifier=" + WriteThroughput.RECORD_NUMBERS + "|" + recordNumber;
		assertThat(patientEntry.getRequest().getIfNoneExist()).isEqualTo(byRecordNumber);
		List<String> toThePatient = references(transaction).stream().filter(reference -> reference.startsWith("Patient"))
			.toList();
		assertThat(toThePatient).isNotEmpty().containsOnly("Patient?" + byRecordNumber);
		assertThat(references(transaction)).as("references to the patient's placeholder")
			.doesNotContain(patientEntry.getFullUrl());
	}

	@Test
	void eachConditionalTransactionHasARecordNumberOfItsOwn() throws Exception {
		String template = WriteThroughput.scenarioTemplate(true);
		assertThat(patientOf(parse(WriteThroughput.fresh(template))).getRequest().getIfNoneExist())
			.isNotEqualTo(patientOf(parse(WriteThroughput.fresh(template))).getRequest().getIfNoneExist());
	}

	@Test
	void thePlaceholderScenarioHasNoConditionalReference() throws Exception {
		Bundle transaction = parse(WriteThroughput.fresh(WriteThroughput.scenarioTemplate()));
		assertThat(references(transaction)).isNotEmpty().allMatch(reference -> !reference.contains("?"));
		assertThat(patientOf(transaction).getRequest().hasIfNoneExist()).isFalse();
	}

	private static Bundle parse(String json) {
		return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
	}

	private static Bundle.BundleEntryComponent patientOf(Bundle transaction) {
		return transaction.getEntry().stream().filter(entry -> entry.getResource() instanceof Patient).findFirst().orElseThrow();
	}

	private static List<String> references(Bundle transaction) {
		return transaction.getEntry().stream()
			.flatMap(entry -> FhirContext.forR4Cached().newTerser().getAllPopulatedChildElementsOfType(entry.getResource(),
					Reference.class).stream())
			.map(Reference::getReference).filter(reference -> reference != null).toList();
	}

}
