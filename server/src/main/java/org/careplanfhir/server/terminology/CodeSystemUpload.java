package org.careplanfhir.server.terminology;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.provider.TerminologyUploaderProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.careplanfhir.server.fhir.FhirServerCustomizer;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * {@code CodeSystem/$upload-external-code-system} and the delta operations
 * ({@code $apply-codesystem-delta-add}, {@code -remove}): how an operator loads LOINC, SNOMED CT,
 * ICD-10 or any large code system from its distribution files into the terminology store, where
 * {@code $expand}, {@code $lookup} and validation find it. Concepts beyond the first hundred are
 * stored in the background (about 10,000 every 5 seconds) and indexed in Lucene for {@code filter}.
 * After a load the validation caches are emptied: a look-up made before the load would otherwise
 * keep answering "unknown code system" for up to ten minutes. They are emptied before the answer
 * is written, so a client that looks up a code as soon as its load is answered finds it.
 */
@Component
@Interceptor
class CodeSystemUpload implements FhirServerCustomizer {

	private final TerminologyUploaderProvider uploader;

	private final IValidationSupport validationSupport;

	CodeSystemUpload(TerminologyUploaderProvider uploader, IValidationSupport validationSupport) {
		this.uploader = uploader;
		this.validationSupport = validationSupport;
	}

	@Override
	public void customize(RestfulServer server) {
		server.registerProvider(uploader);
		server.registerInterceptor(this);
	}

	@Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = RequestPipeline.BOOKKEEPING)
	public boolean forgetWhatWasUnknown(RequestDetails request) {
		if (TerminologyLoads.isLoad(request)) {
			validationSupport.invalidateCaches();
		}
		return true;
	}

}
