package org.careplanfhir.server.conformance;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Reuses core validators between writes. Building an {@code InstanceValidator} costs about 8 ms (its
 * constructor parses a 1.5 MB OID registry) and building the element-model parser that feeds it
 * converts every StructureDefinition to R5; HAPI's FhirInstanceValidator builds both on every call,
 * which costs more than validating a typical resource. Neither is thread-safe, so each pooled
 * instance is lent to one write at a time, and retired after a number of uses: the core validator
 * keeps every resource it has validated (their element trees, in its resource tracker) and offers no
 * way to forget them. After 1,000 uses the four pooled validators held about 300 MB of a US Core
 * ingest's trees, and four concurrent Synthea transactions no longer fit in a 1 GB heap; after 100,
 * a validator's rebuild costs under 0.1 ms per validation.
 */
final class InstanceValidatorPool<T> {

	static final int USES_BEFORE_RETIREMENT = 100;

	private final BlockingQueue<Pooled<T>> idle;

	private final Supplier<T> factory;

	InstanceValidatorPool(int capacity, Supplier<T> factory) {
		this.idle = new ArrayBlockingQueue<>(capacity);
		this.factory = factory;
	}

	Pooled<T> borrow() {
		Pooled<T> pooled = idle.poll();
		return pooled != null ? pooled : new Pooled<>(factory.get());
	}

	void giveBack(Pooled<T> pooled) {
		if (++pooled.uses < USES_BEFORE_RETIREMENT) {
			idle.offer(pooled); // dropped when the pool is full
		}
	}

	static final class Pooled<T> {

		final T instance;

		private int uses;

		private Pooled(T instance) {
			this.instance = instance;
		}

	}

}
