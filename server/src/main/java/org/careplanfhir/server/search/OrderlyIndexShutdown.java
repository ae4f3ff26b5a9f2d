package org.careplanfhir.server.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Marks the Lucene index as complete when the server stops in order: Hibernate Search commits the
 * index when the persistence unit closes, and this bean is destroyed after that (the persistence
 * unit depends on it, see {@link FullTextSearchConfiguration}). At the next start
 * {@link LuceneCrashRecovery} finds the mark and skips its work; after a crash there is no mark.
 */
class OrderlyIndexShutdown implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OrderlyIndexShutdown.class);

	static final String BEAN_NAME = "orderlyIndexShutdown";

	private static final String MARK = "closed-in-order";

	private final Path luceneRoot;

	OrderlyIndexShutdown(Path luceneRoot) {
		this.luceneRoot = luceneRoot;
	}

	/** When the index was last closed in order, if it was and has not been opened for writing since. */
	Optional<Instant> takeMark() {
		Path mark = luceneRoot.resolve(MARK);
		try {
			if (!Files.exists(mark)) {
				return Optional.empty();
			}
			Instant closed = Instant.parse(Files.readString(mark).trim());
			Files.delete(mark);
			return Optional.of(closed);
		}
		catch (IOException | RuntimeException unreadable) {
			log.warn("Ignoring an unreadable shutdown mark {}: {}", mark, unreadable.toString());
			return Optional.empty();
		}
	}

	@Override
	public void destroy() {
		if (!Files.isDirectory(luceneRoot)) {
			return;
		}
		try {
			Files.writeString(luceneRoot.resolve(MARK), Instant.now().toString());
		}
		catch (IOException unwritable) {
			throw new UncheckedIOException(unwritable);
		}
	}

}
