package org.careplanfhir.server.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.dao.BaseHapiFhirDao;
import ca.uhn.fhir.jpa.dao.IFulltextSearchSvc;
import ca.uhn.fhir.jpa.dao.IStorageResourceParser;
import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.EntityIndexStatusEnum;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.careplanfhir.server.search.FullTextSearchProperties.Backend;
import org.careplanfhir.server.storage.DataDirectoryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A write returns once it is searchable, but the Lucene index reaches the disk about once a second
 * (see {@link FullTextSearchConfiguration}): a {@code kill -9} or a power cut loses the last
 * moments of index changes, while PostgreSQL keeps every acknowledged write. Before the server
 * reports ready, this finds the index's last commit point on disk (its newest {@code segments_N}
 * file) and indexes again every resource written since then, less a window that covers the
 * longest write transaction (a transaction's resources carry its start time). So {@code _content}
 * and {@code _text} never silently miss acknowledged data after a crash. After an orderly shutdown
 * ({@link OrderlyIndexShutdown}) there is nothing to do.
 */
@Component
class LuceneCrashRecovery implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(LuceneCrashRecovery.class);

	private static final int BATCH = 500;

	private final FullTextSearchProperties search;

	private final Path luceneRoot;

	private final JdbcTemplate database;

	private final IHapiTransactionService transactions;

	private final IResourceTableDao resourceTable;

	private final IStorageResourceParser<JpaPid> resources;

	private final IFulltextSearchSvc fullText;

	private final FhirContext fhirContext;

	private final OrderlyIndexShutdown shutdown;

	LuceneCrashRecovery(FullTextSearchProperties search, DataDirectoryProperties dataDirectory, JdbcTemplate database,
			IHapiTransactionService transactions, IResourceTableDao resourceTable,
			IStorageResourceParser<JpaPid> resources, ObjectProvider<IFulltextSearchSvc> fullText,
			FhirContext fhirContext, OrderlyIndexShutdown shutdown) {
		this.search = search;
		this.luceneRoot = FullTextSearchConfiguration.luceneRoot(search, dataDirectory);
		this.database = database;
		this.transactions = transactions;
		this.resourceTable = resourceTable;
		this.resources = resources;
		this.fullText = fullText.getIfAvailable();
		this.fhirContext = fhirContext;
		this.shutdown = shutdown;
	}

	@Override
	public void run(ApplicationArguments arguments) {
		if (!search.fullText() || search.backend() != Backend.LUCENE || fullText == null) {
			return;
		}
		long started = System.nanoTime();
		Optional<Instant> closedInOrder = shutdown.takeMark();
		Optional<Instant> lastCommit = lastCommit(luceneRoot);
		if (closedInOrder.isPresent() && lastCommit.isPresent()) {
			log.debug("Full-text index closed in order at {}: nothing to recover", closedInOrder.get());
			return;
		}
		Instant since = lastCommit.map(commit -> commit.minus(search.recoveryWindow())).orElse(Instant.EPOCH);
		List<Resource> written = database.query(
				"SELECT res_id, res_type FROM hfj_resource WHERE res_updated >= ? ORDER BY res_id",
				(row, n) -> new Resource(row.getLong(1), row.getString(2)), Timestamp.from(since));
		for (int from = 0; from < written.size(); from += BATCH) {
			List<JpaPid> batch = written.subList(from, Math.min(written.size(), from + BATCH)).stream()
				.map(resource -> JpaPid.fromId(resource.id()))
				.toList();
			transactions.withSystemRequest().execute(() -> {
				resourceTable.findAllById(batch).forEach(this::index);
				return null;
			});
		}
		if (!written.isEmpty()) {
			log.info("Full-text index: indexed again {} resources written since {} ({} before its last commit on disk, {}) in {} ms",
					written.size(), since, search.recoveryWindow(), lastCommit.map(Instant::toString).orElse("none"),
					(System.nanoTime() - started) / 1_000_000);
		}
	}

	/**
	 * Only the full-text document is written again, from the stored resource, with the words HAPI
	 * extracts on a write; the database rows (search indexes included) are already right. A deleted
	 * resource's document is removed.
	 */
	private void index(ResourceTable entity) {
		if (entity.getDeleted() == null) {
			IBaseResource resource = resources.toResource(entity, false);
			entity.setContentText(BaseHapiFhirDao.parseContentTextIntoWords(fhirContext, resource));
			entity.setNarrativeText(narrativeWords(resource));
			entity.setIndexStatus(EntityIndexStatusEnum.INDEXED_ALL);
		}
		fullText.reindex(entity);
	}

	private static String narrativeWords(IBaseResource resource) {
		if (resource instanceof DomainResource domain && domain.hasText() && domain.getText().hasDiv()) {
			return domain.getText().getDiv().allText();
		}
		return null;
	}

	/** When the newest commit point in the index folder was written; empty when there is none. */
	static Optional<Instant> lastCommit(Path root) {
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		Instant[] newest = { null };
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					Instant written = attributes.lastModifiedTime().toInstant();
					if (file.getFileName().toString().startsWith("segments_")
							&& (newest[0] == null || written.isAfter(newest[0]))) {
						newest[0] = written;
					}
					return FileVisitResult.CONTINUE;
				}

				// Lucene replaces its files as it works: one that vanished while we looked was not a commit point.
				@Override
				public FileVisitResult visitFileFailed(Path file, IOException gone) {
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException unreadable) {
			throw new UncheckedIOException("Cannot read the full-text index folder " + root, unreadable);
		}
		return Optional.ofNullable(newest[0]);
	}

	private record Resource(long id, String type) {
	}

}
