package org.careplanfhir.server.subscriptions;

import javax.sql.DataSource;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryResourceMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.IndexedSearchParamExtractor;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;

import org.careplanfhir.server.storage.SchemaScripts;
import org.careplanfhir.server.conformance.rules.ProfilesCheckedElsewhere;
import org.careplanfhir.server.fhir.FhirServerCustomizer;
import org.careplanfhir.server.security.policy.CallerRights;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires topic-based subscriptions: the tables, the check of every Subscription written, the capture
 * of changes in the writing transaction, the dispatcher that numbers events, the senders, and the
 * {@code $status}/{@code $events} operations. Off with {@code careplan.subscriptions.enabled=false}:
 * Subscriptions are then stored as plain resources and nothing is sent.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "careplan.subscriptions.enabled", havingValue = "true", matchIfMissing = true)
class SubscriptionsConfiguration {

	@Bean
	SubscriptionStore subscriptionStore(DataSource dataSource) {
		SchemaScripts.apply(dataSource, "careplan/subscriptions/schema.sql");
		return new SubscriptionStore(new JdbcTemplate(dataSource));
	}

	@Bean
	SubscriptionCatalog subscriptionCatalog(DaoRegistry daos, SubscriptionsProperties properties) {
		return new SubscriptionCatalog(daos, (int) properties.defaultTimeout().toSeconds(), properties.allowHttpEndpoints());
	}

	@Bean
	NotificationDeliveries notificationDeliveries(SubscriptionStore store, SubscriptionCatalog catalog, DaoRegistry daos,
			FhirContext fhirContext, SubscriptionsProperties properties, ApplicationEventPublisher events) {
		return new NotificationDeliveries(store, catalog, new NotificationBundles(daos),
				new RestHookChannel(fhirContext, NotificationDeliveries.httpClient(), events), new SubscriptionStatusWriter(daos),
				properties);
	}

	@Bean
	EventDispatcher eventDispatcher(SubscriptionStore store, SubscriptionCatalog catalog, FhirContext fhirContext,
			MatchUrlService matchUrls, IndexedSearchParamExtractor extractor, InMemoryResourceMatcher matcher,
			CallerRights callerRights, FhirAccessResolver accessResolver, DaoRegistry daos,
			PlatformTransactionManager transactionManager, NotificationDeliveries deliveries,
			SubscriptionsProperties properties, IInterceptorService interceptors) {
		EventDispatcher.Matching matching = new EventDispatcher.Matching(fhirContext, matchUrls, extractor, matcher);
		RecentWrites recentWrites = new RecentWrites();
		EventDispatcher dispatcher = new EventDispatcher(store, catalog, recentWrites, matching, callerRights,
				accessResolver, daos, new TransactionTemplate(transactionManager), deliveries, properties.pollInterval());
		// Writes from anywhere (a request, a referral's care team kept in step, a package) are heard.
		interceptors.registerInterceptor(new ChangeCapture(store, recentWrites, dispatcher));
		return dispatcher;
	}

	/** This module checks backport Subscriptions itself ({@link SubscriptionRequest}); the server has no backport package. */
	@Bean
	ProfilesCheckedElsewhere backportSubscriptionProfile() {
		return () -> java.util.Set.of(Backport.SUBSCRIPTION_PROFILE);
	}

	@Bean
	SubscriptionOwnership subscriptionOwnership(FhirAccessResolver accessResolver, SubscriptionStore store) {
		return new SubscriptionOwnership(accessResolver, store);
	}

	@Bean
	SubscriptionAccess subscriptionAccess(SubscriptionOwnership ownership) {
		return new SubscriptionAccess(ownership);
	}

	@Bean
	FhirServerCustomizer subscriptionEndpoints(FhirContext fhirContext, SearchParamMatcher matcher,
			FhirAccessResolver accessResolver, SubscriptionStore store, SubscriptionCatalog catalog,
			NotificationDeliveries deliveries, SubscriptionOwnership ownership, DaoRegistry daos,
			SubscriptionsProperties properties) {
		return server -> {
			server.registerInterceptor(
					new SubscriptionWrites(fhirContext, matcher, accessResolver, store, deliveries, properties));
			server.registerInterceptor(new SubscriptionTopicsClaim());
			server.registerProvider(
					new SubscriptionOperations(store, catalog, new NotificationBundles(daos), ownership));
		};
	}

}
