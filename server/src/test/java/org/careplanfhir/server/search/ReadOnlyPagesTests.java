package org.careplanfhir.server.search;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An answer asks HAPI for a kept search's size once, however often HAPI's REST layer asks it
 * while building the answer: when the total is unknown, each asking costs HAPI a transaction.
 */
class ReadOnlyPagesTests {

	@Test
	void aKnownSizeIsAskedOfHapiOnceForTheWholeAnswer() {
		SizeAskedCounted hapi = new SizeAskedCounted(List.of(new Patient(), new Patient()), 7);
		ReadOnlyPages pages = new ReadOnlyPages(hapi, new TransactionTemplate());

		assertThat(List.of(pages.size(), pages.size(), pages.sizeOrThrowNpe(), pages.size())).containsOnly(7);
		assertThat(hapi.asked.get()).isEqualTo(1);
	}

	@Test
	void anUnknownSizeStaysUnknownWithoutAskingHapiAgain() {
		SizeAskedCounted hapi = new SizeAskedCounted(List.of(new Patient()), null);
		ReadOnlyPages pages = new ReadOnlyPages(hapi, new TransactionTemplate());

		assertThat(pages.size()).isNull();
		hapi.setSize(3);
		assertThat(pages.size()).as("the size this answer was first given").isNull();
		assertThat(pages.size()).isNull();
		assertThat(hapi.asked.get()).isEqualTo(1);
	}

	@Test
	void anUnknownSizeStillFailsWhereAKnownOneIsRequiredWithoutAskingHapiAgain() {
		SizeAskedCounted hapi = new SizeAskedCounted(List.of(), null);
		ReadOnlyPages pages = new ReadOnlyPages(hapi, new TransactionTemplate());

		assertThat(pages.size()).isNull();
		hapi.setSize(3);
		assertThatThrownBy(pages::sizeOrThrowNpe).isInstanceOf(NullPointerException.class);
		assertThat(hapi.asked.get()).isEqualTo(1);
	}

	/** HAPI's own simple provider, counting how often its size is asked. */
	private static final class SizeAskedCounted extends SimpleBundleProvider {

		private final AtomicInteger asked = new AtomicInteger();

		SizeAskedCounted(List<? extends IBaseResource> resources, Integer size) {
			super(resources);
			setSize(size);
		}

		@Override
		public Integer size() {
			asked.incrementAndGet();
			return super.size();
		}

	}

}
