package org.careplanfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.validation.FhirContextValidationSupportSvc;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Undoes HAPI's {@link FhirContextValidationSupportSvc}, which makes every resource the server's
 * {@link FhirContext} parses keep a copy of the JSON it was parsed from, for HAPI's validator to
 * read instead of encoding the resource again. Writes are validated by {@code conformance.WriteValidator},
 * which encodes the resource itself and never read the copy; only HAPI's {@code $validate} did, and
 * it now validates the resource as parsed and encoded again, as a write is. It cost an extra copy of
 * the text on every parse (each request body, each resource read from the database), and it was
 * kept for as long as the resource was: the conformance resources HAPI caches for the server's
 * lifetime held tens of MB of their own JSON, which the collector then scanned on every marking.
 */
@Configuration(proxyBeanMethods = false)
class ParsedResourcesKeepNoRawJson {

	@Bean
	static BeanPostProcessor rawJsonNotKept(ObjectProvider<FhirContext> fhirContext) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof FhirContextValidationSupportSvc) {
					fhirContext.getObject().setStoreRawJson(false);
				}
				return bean;
			}

		};
	}

}
