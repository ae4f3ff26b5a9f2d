package org.careplanfhir.server.bulkimport;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one import: its inputs one after the other in {@link TypeOrder}, each read line by line
 * into runs of {@code linesPerTransaction} that are stored by up to {@code parallelTransactions}
 * transactions at once (validation runs inside each, so it runs in parallel too); no more runs are
 * read than are being stored, so memory holds a bounded part of a file whatever its size. The lines
 * that pointed ahead are stored at the end, with the lines they name.
 */
class ImportRun implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ImportRun.class);

	private final ImportJob job;

	private final TransactionWriter writer;

	private final ExecutorService transactions;

	private final int parallel;

	private final int linesPerTransaction;

	private final Supplier<RequestDetails> requests;

	ImportRun(ImportJob job, TransactionWriter writer, ExecutorService transactions, int parallel,
			int linesPerTransaction, Supplier<RequestDetails> requests) {
		this.job = job;
		this.writer = writer;
		this.transactions = transactions;
		this.parallel = parallel;
		this.linesPerTransaction = linesPerTransaction;
		this.requests = requests;
	}

	@Override
	public void run() {
		try {
			List<ImportLine> later = new ArrayList<>();
			List<Integer> order = IntStream.range(0, job.inputs().size())
				.boxed()
				.sorted(Comparator.comparingInt(index -> TypeOrder.rank(job.inputs().get(index).type())))
				.toList();
			long started = System.nanoTime();
			for (int input : order) {
				if (job.cancelRequested()) {
					break;
				}
				later.addAll(load(input));
			}
			long loaded = System.nanoTime();
			int deferred = later.size();
			retry(later);
			log.info("Import {}: inputs read and stored in {} ms, then {} lines that named what came later in {} ms",
					job.id(), (loaded - started) / 1_000_000, deferred, (System.nanoTime() - loaded) / 1_000_000);
			job.finish(job.cancelRequested() ? ImportJob.State.CANCELLED : ImportJob.State.COMPLETED, null);
			log.info("Import {} {}: {} lines stored, {} refused", job.id(), job.state().name().toLowerCase(),
					job.storedInAll(), job.refusedInAll());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			job.finish(ImportJob.State.FAILED, "the server stopped before the import ended; what was stored stays");
		}
		catch (IOException | ExecutionException | RuntimeException ex) {
			log.error("Import {} failed", job.id(), ex);
			job.finish(ImportJob.State.FAILED, "the import stopped: " + ex.getMessage() + "; what was stored stays");
		}
	}

	private List<ImportLine> load(int input) throws IOException, InterruptedException, ExecutionException {
		CompletionService<List<ImportLine>> running = new ExecutorCompletionService<>(transactions);
		List<ImportLine> later = new ArrayList<>();
		int inFlight = 0;
		try (BufferedReader reader = job.inputs().get(input).source().open()) {
			List<ImportLine> run = new ArrayList<>(linesPerTransaction);
			long number = 0;
			String text;
			while ((text = reader.readLine()) != null && !job.cancelRequested()) {
				number++;
				if (text.isBlank()) {
					continue;
				}
				run.add(new ImportLine(input, number, text));
				if (run.size() == linesPerTransaction) {
					if (inFlight == parallel) {
						later.addAll(running.take().get());
						inFlight--;
					}
					submit(running, run, false);
					inFlight++;
					run = new ArrayList<>(linesPerTransaction);
				}
			}
			if (!run.isEmpty()) {
				submit(running, run, false);
				inFlight++;
			}
		}
		finally {
			for (; inFlight > 0; inFlight--) {
				later.addAll(running.take().get());
			}
		}
		return later;
	}

	private void submit(CompletionService<List<ImportLine>> running, List<ImportLine> run, boolean lastChance) {
		running.submit(() -> writer.write(job, run, requests, lastChance));
	}

	/**
	 * The lines that pointed ahead, once everything else is in: those that name each other are
	 * stored together (a care plan, its referrals and their tasks in one transaction), and a line
	 * whose target is neither stored nor among them is refused. One pass: a line waiting for another
	 * line is in its group, whatever the direction.
	 */
	private void retry(List<ImportLine> later) throws InterruptedException, ExecutionException {
		if (!later.isEmpty() && !job.cancelRequested()) {
			writeAll(writer.connectedRuns(later), true);
		}
	}

	private List<ImportLine> writeAll(List<List<ImportLine>> runs, boolean lastChance)
			throws InterruptedException, ExecutionException {
		CompletionService<List<ImportLine>> running = new ExecutorCompletionService<>(transactions);
		List<ImportLine> later = new ArrayList<>();
		int inFlight = 0;
		for (List<ImportLine> run : runs) {
			if (job.cancelRequested()) {
				break;
			}
			if (inFlight == parallel) {
				later.addAll(running.take().get());
				inFlight--;
			}
			submit(running, run, lastChance);
			inFlight++;
		}
		for (; inFlight > 0; inFlight--) {
			later.addAll(running.take().get());
		}
		return later;
	}

}
