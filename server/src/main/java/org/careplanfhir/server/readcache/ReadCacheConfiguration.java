package org.careplanfhir.server.readcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * The read cache in front of the FHIR endpoint, behind authentication. Off with
 * {@code careplan.read-cache.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.read-cache.enabled", havingValue = "true", matchIfMissing = true)
class ReadCacheConfiguration {

	@Bean
	FilterRegistrationBean<CachedReadsFilter> cachedReads(ReadCacheProperties properties, StoreGeneration store,
			MeterRegistry meters) {
		Cache<String, CachedResponse> answers = Caffeine.newBuilder()
			.maximumWeight(properties.maxSize().toBytes())
			.<String, CachedResponse>weigher((key, answer) -> 2 * key.length() + answer.weight())
			.expireAfterWrite(properties.timeToLive())
			.build();
		Gauge.builder("careplan.read.cache.size", answers,
				cache -> cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L))
			.baseUnit("bytes")
			.description("Memory the kept answers take")
			.register(meters);
		FilterRegistrationBean<CachedReadsFilter> registration = new FilterRegistrationBean<>(
				new CachedReadsFilter(answers, store, properties.maxEntrySize().toBytes(), meters));
		registration.addUrlPatterns("/fhir/*");
		registration.setName("cachedReads");
		// After Spring Security's filter chain: only authenticated callers, keyed by their grant.
		registration.setOrder(RequestPipeline.READ_CACHE);
		return registration;
	}

}
