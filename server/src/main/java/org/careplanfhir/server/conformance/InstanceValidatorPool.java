package org.careplanfhir.server.conformance;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * Reuses the core validator between writes. Building an {@link InstanceValidator} costs about 8 ms
 * (its constructor parses a 1.5 MB OID registry), more than validating a typical resource, and
 * HAPI's FhirInstanceValidator builds one per call. A validator is not thread-safe, so each is
 * lent to one write at a time; it is retired after a number of uses so that per-validator state
 * cannot grow without bound.
 */
final class InstanceValidatorPool {

	static final int USES_BEFORE_RETIREMENT = 1_000;

	private final BlockingQueue<Pooled> idle;

	private final Supplier<InstanceValidator> factory;

	InstanceValidatorPool(int capacity, Supplier<InstanceValidator> factory) {
		this.idle = new ArrayBlockingQueue<>(capacity);
		this.factory = factory;
	}

	Pooled borrow() {
		Pooled pooled = idle.poll();
		return pooled != null ? pooled : new Pooled(factory.get());
	}

	void giveBack(Pooled pooled) {
		if (++pooled.uses < USES_BEFORE_RETIREMENT) {
			idle.offer(pooled); // dropped when the pool is full
		}
	}

	static final class Pooled {

		final InstanceValidator validator;

		private int uses;

		private Pooled(InstanceValidator validator) {
			this.validator = validator;
		}

	}

}
