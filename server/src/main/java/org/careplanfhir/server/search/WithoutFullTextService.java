package org.careplanfhir.server.search;

import ca.uhn.fhir.jpa.searchparam.registry.SearchParamRegistryImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * With full text off, HAPI runs without its full-text service, as it is built to. HAPI's JPA
 * configuration declares the service whether Hibernate Search runs or not, and HAPI's terminology
 * takes the service's presence to mean that it does: it then expands every value set through an index
 * that was never started, and fails. Validation could not enumerate the case-management package's
 * own value sets (the goal horizons, the specialties), so each write bound to them went to the HL7
 * validator, at twice a write's CPU, and {@code ValueSet/$expand} answered 500. Without the service,
 * HAPI expands from its terminology tables, and answers a {@code _content} or {@code _text} search
 * with a 400 that says full text is not enabled.
 */
final class WithoutFullTextService implements BeanDefinitionRegistryPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(WithoutFullTextService.class);

	/** The name of HAPI's bean ({@code HapiJpaConfig.fullTextSearchSvc}). */
	private static final String HAPI_BEAN = "fullTextSearchSvc";

	/** HAPI's search-parameter registry ({@code SearchParamConfig.searchParamRegistry}). */
	private static final String REGISTRY = "searchParamRegistry";

	private final boolean fullText;

	/** Read from the environment: post-processors of bean definitions run before properties are bound to beans. */
	WithoutFullTextService(Environment environment) {
		this.fullText = Binder.get(environment).bind("careplan.search.full-text", Boolean.class).orElse(true);
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if (!fullText && registry.containsBeanDefinition(HAPI_BEAN)) {
			registry.removeBeanDefinition(HAPI_BEAN);
			// HAPI declares its registry as an ISearchParamRegistry, and its package installer asks for
			// the registry's other face, ISearchParamRegistryController, which Spring can only match
			// once the registry is built. The full-text service used to have it built first.
			if (registry.containsBeanDefinition(REGISTRY)
					&& registry.getBeanDefinition(REGISTRY) instanceof RootBeanDefinition definition) {
				definition.setTargetType(SearchParamRegistryImpl.class);
			}
			log.debug("Full text is off: HAPI's full-text service is not created");
		}
	}

}
