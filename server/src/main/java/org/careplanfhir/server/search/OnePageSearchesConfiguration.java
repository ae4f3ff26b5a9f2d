package org.careplanfhir.server.search;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.svc.ISearchCoordinatorSvc;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.rest.server.IPagingProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts {@link OnePageSearches} in front of HAPI's search coordinator, which every resource DAO
 * asks to run a search.
 */
@Configuration(proxyBeanMethods = false)
class OnePageSearchesConfiguration {

	@Bean
	static BeanPostProcessor onePageSearchesInFrontOfHapi(ObjectProvider<IPagingProvider> paging,
			ObjectProvider<IInterceptorService> interceptors, ObjectProvider<PlatformTransactionManager> transactions) {
		return new BeanPostProcessor() {

			@Override
			@SuppressWarnings("unchecked")
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof ISearchCoordinatorSvc<?> hapi) || bean instanceof OnePageSearches) {
					return bean;
				}
				OnePageSearches searches = new OnePageSearches((ISearchCoordinatorSvc<JpaPid>) hapi,
						SingletonSupplier.of(paging::getObject), transactions::getObject);
				interceptors.getObject().registerInterceptor(searches);
				return searches;
			}

		};
	}

}
