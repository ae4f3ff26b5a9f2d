package org.careplanfhir.server.conformance;

import java.util.LinkedHashMap;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import io.restassured.specification.RequestSpecification;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The example scenarios of the case-management package the server ships, read from the same
 * classpath package the server installs ({@link CaseManagementPackage}). Tests change copies of
 * them to make invalid variants.
 */
final class CaseManagementExamples {

	static final FhirContext FHIR = FhirContext.forR4Cached();

	private static final Map<String, Resource> BY_ID = load();

	private CaseManagementExamples() {
	}

	/** A fresh copy of the example with this id (ids are unique across types in the package). */
	@SuppressWarnings("unchecked")
	static <T extends Resource> T example(String id) {
		Resource example = BY_ID.get(id);
		if (example == null) {
			throw new IllegalArgumentException("No example " + id + " in the package; have " + BY_ID.keySet());
		}
		return (T) example.copy();
	}

	static String json(Resource resource) {
		return FHIR.newJsonParser().encodeResourceToString(resource);
	}

	/** Every example as one transaction of conditional-free PUTs, so it can be sent more than once. */
	static Bundle allExamplesAsTransaction() {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource example : BY_ID.values()) {
			transaction.addEntry()
				.setResource(example.copy())
				.getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(example.fhirType() + "/" + example.getIdElement().getIdPart());
		}
		return transaction;
	}

	static int count() {
		return BY_ID.size();
	}

	private static boolean stored;

	/** Stores every example once per test run (all integration tests share one server). */
	static synchronized void storeAllOnce(RequestSpecification fhir) {
		if (!stored) {
			storeAll(fhir);
			stored = true;
		}
	}

	static void storeAll(RequestSpecification fhir) {
		fhir.body(json(allExamplesAsTransaction())).post("/").then().statusCode(200);
	}

	private static Map<String, Resource> load() {
		Map<String, Resource> byId = new LinkedHashMap<>();
		for (Resource example : CaseManagementPackage.get().examples()) {
			byId.put(example.getIdElement().getIdPart(), example);
		}
		return byId;
	}

}
