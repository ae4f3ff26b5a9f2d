package org.careplanfhir.server.subscriptions;

import java.util.ArrayList;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionRequestTests {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void anHttpEndpointIsRefusedUnlessTheServerAllowsIt() {
		Subscription subscription = parse(Subscriptions.restHook(Subscriptions.CARE_PLANS, "http://ehr.example.org/hook",
				"id-only", List.of()));
		List<SubscriptionRequest.Problem> problems = new ArrayList<>();

		assertThat(SubscriptionRequest.read(subscription, false, 10, problems)).isEmpty();
		assertThat(problems).singleElement().satisfies(problem -> {
			assertThat(problem.expression()).isEqualTo("Subscription.channel.endpoint");
			assertThat(problem.message()).contains("must use https", "careplan.subscriptions.allow-http-endpoints");
		});
		assertThat(SubscriptionRequest.read(subscription, true, 10, new ArrayList<>())).isPresent();
	}

	@Test
	void filtersAreGroupedByTypeInTheThreeWaysTheGuideWritesThem() {
		Subscription subscription = parse(Subscriptions.restHook(Subscriptions.REFERRALS, "https://ehr.example.org/hook",
				"id-only", List.of("Task?status=requested", "Task.owner=Organization/7", "ServiceRequest?patient=Patient/1")));

		SubscriptionRequest request = SubscriptionRequest.read(subscription, false, 10, new ArrayList<>()).orElseThrow();

		assertThat(request.filters()).containsEntry("Task", "status=requested&owner=Organization/7")
			.containsEntry("ServiceRequest", "patient=Patient/1");
		assertThat(request.content()).isEqualTo(Backport.Content.ID_ONLY);
		assertThat(request.maxCount()).isEqualTo(SubscriptionRequest.DEFAULT_MAX_COUNT);
		assertThat(request.timeoutSeconds()).isEqualTo(10);
		assertThat(request.heartbeatSeconds()).isZero();
	}

	private static Subscription parse(String json) {
		return FHIR.newJsonParser().parseResource(Subscription.class, json);
	}

}
