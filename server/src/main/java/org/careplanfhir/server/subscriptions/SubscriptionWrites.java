package org.careplanfhir.server.subscriptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;

import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.subscriptions.SubscriptionRequest.Problem;
import org.careplanfhir.server.web.RequestPipeline;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Checks every Subscription a client writes against the backport profile and the topics offered,
 * and answers 422 with every problem found; a good one is stored with status {@code requested}
 * (or {@code off}, when the client turns it off), and its creator's grant is kept beside it in the
 * same transaction, for the deliveries to filter with. The handshake follows the commit.
 */
@Interceptor
class SubscriptionWrites {

	private final FhirContext fhirContext;

	private final SearchParamMatcher matcher;

	private final FhirAccessResolver accessResolver;

	private final SubscriptionStore store;

	private final NotificationDeliveries deliveries;

	private final SubscriptionsProperties properties;

	SubscriptionWrites(FhirContext fhirContext, SearchParamMatcher matcher, FhirAccessResolver accessResolver,
			SubscriptionStore store, NotificationDeliveries deliveries, SubscriptionsProperties properties) {
		this.fhirContext = fhirContext;
		this.matcher = matcher;
		this.accessResolver = accessResolver;
		this.store = store;
		this.deliveries = deliveries;
		this.properties = properties;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.VALIDATION)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			check(subscription, request);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.VALIDATION)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			check(subscription, request);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED, order = RequestPipeline.BOOKKEEPING)
	public void created(IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			keep(subscription, request);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED, order = RequestPipeline.BOOKKEEPING)
	public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		if (resource instanceof Subscription subscription) {
			keep(subscription, request);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED, order = RequestPipeline.BOOKKEEPING)
	public void deleted(IBaseResource resource) {
		if (resource instanceof Subscription subscription) {
			store.turnOff(subscription.getIdElement().getIdPart());
		}
	}

	private void check(Subscription subscription, RequestDetails request) {
		List<Problem> problems = new ArrayList<>();
		SubscriptionRequest.read(subscription, properties.allowHttpEndpoints(),
				(int) properties.defaultTimeout().toSeconds(), problems)
			.ifPresent(asked -> checkFiltersMatchable(asked.filters(), request, problems));
		if (!problems.isEmpty()) {
			throw new UnprocessableEntityException(fhirContext, outcome(problems));
		}
		// The backport: a rest-hook subscription is 'requested' until its endpoint answers the handshake.
		if (subscription.getStatus() != SubscriptionStatus.OFF) {
			subscription.setStatus(SubscriptionStatus.REQUESTED);
			subscription.setError(null);
		}
	}

	/** Every filter must be one the server can judge a resource by, in memory, as each change comes. */
	private void checkFiltersMatchable(Map<String, String> filters, RequestDetails request, List<Problem> problems) {
		filters.forEach((type, query) -> {
			String criteria = type + "?" + query;
			String unsupported;
			try {
				InMemoryMatchResult result = matcher.match(criteria,
						fhirContext.getResourceDefinition(type).newInstance(), request);
				unsupported = result.supported() ? null : result.getUnsupportedReason();
			}
			catch (RuntimeException invalid) {
				unsupported = invalid.getMessage();
			}
			if (unsupported != null) {
				problems.add(new Problem("Subscription.criteria.extension('" + Backport.FILTER_CRITERIA + "')",
						"The filter '" + criteria + "' cannot be applied: " + unsupported));
			}
		});
	}

	private void keep(Subscription subscription, RequestDetails request) {
		String id = subscription.getIdElement().getIdPart();
		if (subscription.getStatus() == SubscriptionStatus.OFF) {
			store.turnOff(id);
			return;
		}
		int heartbeat = SubscriptionRequest.read(subscription, true, (int) properties.defaultTimeout().toSeconds(),
				new ArrayList<>()).map(SubscriptionRequest::heartbeatSeconds).orElse(0);
		store.request(id, subscription.getIdElement().getVersionIdPartAsLong(), request.getFhirServerBase(), heartbeat,
				accessResolver.of(request).grant());
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					deliveries.wake();
				}

			});
		}
	}

	private static OperationOutcome outcome(List<Problem> problems) {
		OperationOutcome outcome = new OperationOutcome();
		outcome.addIssue()
			.setSeverity(IssueSeverity.ERROR)
			.setCode(IssueType.INVALID)
			.setDiagnostics("Subscription was not stored: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
					+ " (checked against " + Backport.SUBSCRIPTION_PROFILE + " and the topics this server offers): "
					+ String.join("; ", problems.stream().map(p -> p.expression() + ": " + p.message()).toList()));
		for (Problem problem : problems) {
			outcome.addIssue()
				.setSeverity(IssueSeverity.ERROR)
				.setCode(problem.message().startsWith("This server") || problem.message().contains("not supported")
						? IssueType.NOTSUPPORTED : IssueType.INVALID)
				.setDiagnostics(problem.message())
				.setExpression(new ArrayList<>(List.of(new StringType(problem.expression()))));
		}
		return outcome;
	}

}
