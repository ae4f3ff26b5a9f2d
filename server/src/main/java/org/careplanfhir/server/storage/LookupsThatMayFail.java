package org.careplanfhir.server.storage;

import java.util.function.Supplier;

/**
 * Marks code that only reads, and that handles the failures of what it calls, as such to the
 * transaction it runs in. Profile validation inside a write is the case: the HL7 validator asks
 * HAPI's terminology service whether a code is in a value set, a transactional method that joins the
 * write's transaction, and turns any failure of it into a finding. Without this scope Spring would
 * mark the whole write rollback-only on such a failure (HAPI 8.8 throws on filters over a code system
 * it has no resource for, such as US Core's language value set over BCP 47), and the write would end
 * in "transaction silently rolled back" for a resource the validator had already judged.
 */
public final class LookupsThatMayFail {

	private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

	private LookupsThatMayFail() {
	}

	/** Runs the lookups; a transactional method failing inside them does not doom the caller's transaction. */
	public static <T> T run(Supplier<T> lookups) {
		DEPTH.set(DEPTH.get() + 1);
		try {
			return lookups.get();
		}
		finally {
			int depth = DEPTH.get() - 1;
			if (depth == 0) {
				DEPTH.remove();
			}
			else {
				DEPTH.set(depth);
			}
		}
	}

	static boolean running() {
		return DEPTH.get() > 0;
	}

}
