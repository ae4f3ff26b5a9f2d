package org.careplanfhir.server.terminology;

import ca.uhn.fhir.jpa.provider.TerminologyUploaderProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.careplanfhir.server.fhir.FhirServerCustomizer;

import org.springframework.stereotype.Component;

/**
 * {@code CodeSystem/$upload-external-code-system} and the delta operations
 * ({@code $apply-codesystem-delta-add}, {@code -remove}): how an operator loads LOINC, SNOMED CT,
 * ICD-10 or any large code system from its distribution files into the terminology store, where
 * {@code $expand}, {@code $lookup} and validation find it. Concepts beyond the first hundred are
 * stored in the background (about 10,000 every 5 seconds) and indexed in Lucene for {@code filter}.
 */
@Component
class CodeSystemUpload implements FhirServerCustomizer {

	private final TerminologyUploaderProvider uploader;

	CodeSystemUpload(TerminologyUploaderProvider uploader) {
		this.uploader = uploader;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerProvider(uploader);
	}

}
