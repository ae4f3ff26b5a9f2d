package org.careplanfhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Parses the FHIR R4 core definitions (about 20 MB of StructureDefinition XML that HAPI needs for
 * FHIRPath search parameters and the CapabilityStatement) on a second thread as soon as the
 * application starts, while the main thread sets up Spring and Hibernate. HAPI keeps these
 * definitions once per FHIR version for the whole JVM, so its own beans find them loaded.
 * Registered in {@code META-INF/spring.factories}: it must run before any bean exists.
 */
class CoreDefinitionsPreloader implements ApplicationListener<ApplicationStartingEvent> {

	private static final Logger log = LoggerFactory.getLogger(CoreDefinitionsPreloader.class);

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		Thread preloader = new Thread(CoreDefinitionsPreloader::preload, "fhir-definitions-preload");
		preloader.setDaemon(true);
		preloader.start();
	}

	private static void preload() {
		long started = System.nanoTime();
		try {
			int count = new DefaultProfileValidationSupport(FhirContext.forR4Cached()).fetchAllStructureDefinitions()
				.size();
			log.debug("Preloaded {} FHIR R4 core StructureDefinitions in {} ms", count,
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (RuntimeException ex) {
			// Only an optimisation: HAPI loads them itself when first needed.
			log.warn("Could not preload the FHIR R4 core definitions: {}", ex.getMessage());
		}
	}

}
