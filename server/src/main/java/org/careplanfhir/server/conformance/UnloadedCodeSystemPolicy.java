package org.careplanfhir.server.conformance;

import ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity;
import ca.uhn.fhir.rest.server.interceptor.validation.ValidationMessageUnknownCodeSystemPostProcessingInterceptor;
import org.careplanfhir.server.fhir.FhirServerCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SNOMED CT, LOINC and NUCC are licensed or large and not loaded by default, so HAPI's
 * {@code $validate} cannot look their codes up and reports "CodeSystem is unknown" as an error even
 * for codes our value sets enumerate. Whether a code belongs to a bound value set is still checked
 * (against the value set's stored expansion) and stays an error; only the look-up in the missing
 * code system becomes a warning, as it is for writes ({@link WriteValidator}). Operators who load a
 * code system through {@code $upload-external-code-system} get full checking for it.
 */
@Configuration(proxyBeanMethods = false)
class UnloadedCodeSystemPolicy {

	@Bean
	ValidationMessageUnknownCodeSystemPostProcessingInterceptor unloadedCodeSystemsAsWarnings() {
		return new ValidationMessageUnknownCodeSystemPostProcessingInterceptor(IssueSeverity.WARNING);
	}

	@Bean
	FhirServerCustomizer unloadedCodeSystemsInValidateOperation(
			ValidationMessageUnknownCodeSystemPostProcessingInterceptor unloadedCodeSystemsAsWarnings) {
		return server -> server.registerInterceptor(unloadedCodeSystemsAsWarnings);
	}

}
