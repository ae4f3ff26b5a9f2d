package org.careplanfhir.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import ca.uhn.fhir.context.FhirContext;
import org.careplanfhir.profiles.CaseManagementPackage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Stores every example of the case-management package with its own id, in one transaction of
 * PUTs, so the scenarios can be explored on a fresh server and loading them twice changes nothing.
 */
final class LoadExamples {

	private LoadExamples() {
	}

	static void run(String[] args) throws Exception {
		String base = args[0].replaceAll("/$", "");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		for (Resource example : CaseManagementPackage.get().examples()) {
			transaction.addEntry()
				.setResource(example)
				.getRequest()
				.setMethod(Bundle.HTTPVerb.PUT)
				.setUrl(example.fhirType() + "/" + example.getIdElement().getIdPart());
		}
		HttpRequest request = Requests.to(base)
			.header("Content-Type", "application/fhir+json")
			.header("Prefer", "return=minimal")
			.POST(HttpRequest.BodyPublishers.ofString(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(transaction)))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(base + " answered " + response.statusCode() + ": " + response.body());
		}
		System.out.printf("Stored %d example resources at %s%n", transaction.getEntry().size(), base);
	}

}
