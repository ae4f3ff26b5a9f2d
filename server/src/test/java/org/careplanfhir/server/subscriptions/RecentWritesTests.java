package org.careplanfhir.server.subscriptions;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentWritesTests {

	private final RecentWrites recentWrites = new RecentWrites();

	@Test
	void aCommittedVersionIsHandedOverOnceAsItWasWhenItCommitted() {
		CarePlan plan = plan("12", 3, CarePlanStatus.ACTIVE);
		recentWrites.keep(List.of(plan));
		plan.setStatus(CarePlanStatus.REVOKED); // what the writer does to its object afterwards

		CarePlan handed = (CarePlan) recentWrites.take("CarePlan", "12", 3);

		assertThat(handed).isNotSameAs(plan);
		assertThat(handed.getStatus()).isEqualTo(CarePlanStatus.ACTIVE);
		assertThat(handed.getIdElement().getVersionIdPart()).isEqualTo("3");
		assertThat(recentWrites.take("CarePlan", "12", 3)).isNull();
	}

	@Test
	void anotherVersionOrAResourceNeverKeptIsNotHere() {
		recentWrites.keep(List.of(plan("12", 3, CarePlanStatus.ACTIVE)));

		assertThat(recentWrites.take("CarePlan", "12", 2)).isNull();
		assertThat(recentWrites.take("CarePlan", "13", 3)).isNull();
		assertThat(recentWrites.take("Goal", "12", 3)).isNull();
	}

	@Test
	void onlyTheNewestFewThousandAreKeptSoTheOldestAreReadFromTheDatabase() {
		List<IBaseResource> burst = new ArrayList<>();
		for (int index = 0; index < 5_001; index++) {
			burst.add(plan(Integer.toString(index), 1, CarePlanStatus.ACTIVE));
		}
		recentWrites.keep(burst);

		assertThat(recentWrites.take("CarePlan", "0", 1)).isNull();
		assertThat(recentWrites.take("CarePlan", "1", 1)).isNotNull();
		assertThat(recentWrites.take("CarePlan", "5000", 1)).isNotNull();
	}

	@Test
	void nothingIsKeptWhileNoSubscriptionListens() {
		recentWrites.listenersFound(false);

		recentWrites.keep(List.of(plan("12", 3, CarePlanStatus.ACTIVE)));

		assertThat(recentWrites.take("CarePlan", "12", 3)).isNull();
	}

	@Test
	void whatWasKeptIsLetGoWhenNoSubscriptionListensAnyMoreAndKeepingResumesWithTheNextListener() {
		recentWrites.keep(List.of(plan("12", 3, CarePlanStatus.ACTIVE)));

		recentWrites.listenersFound(false);
		assertThat(recentWrites.take("CarePlan", "12", 3)).isNull();

		recentWrites.listenersFound(true);
		recentWrites.keep(List.of(plan("12", 4, CarePlanStatus.COMPLETED)));
		assertThat(((CarePlan) recentWrites.take("CarePlan", "12", 4)).getStatus()).isEqualTo(CarePlanStatus.COMPLETED);
	}

	private static CarePlan plan(String id, long version, CarePlanStatus status) {
		CarePlan plan = new CarePlan().setStatus(status);
		plan.setId("CarePlan/" + id + "/_history/" + version);
		return plan;
	}

}
