package org.careplanfhir.server.bulkimport;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
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
			long started = System.nanoTime();
			List<HeldLine> heldBack = new ArrayList<>();
			for (int input : inputsInTypeOrder()) {
				if (job.cancelRequested()) {
					break;
				}
				heldBack.addAll(load(input));
			}
			long loaded = System.nanoTime();
			storeHeldBack(heldBack);
			job.finish(job.cancelRequested() ? ImportJob.State.CANCELLED : ImportJob.State.COMPLETED, null);
			log.info("Import {} {}: {} lines stored ({} of them as batches of new resources), {} refused; the inputs in {} ms,"
					+ " then the {} lines held back in {} ms",
					job.id(), job.state().name().toLowerCase(), job.storedInAll(), job.storedDirectly(), job.refusedInAll(),
					(loaded - started) / 1_000_000, heldBack.size(), (System.nanoTime() - loaded) / 1_000_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			job.finish(ImportJob.State.FAILED, "the server stopped before the import ended; what was stored stays");
		}
		catch (IOException | ExecutionException | RuntimeException ex) {
			// The client is told the error's id only: the exception's text may hold SQL or stored values.
			String errorId = UUID.randomUUID().toString();
			log.error("Import {} failed (error id {})", job.id(), errorId, ex);
			job.finish(ImportJob.State.FAILED, "the import stopped on an error the operator can find in the server"
					+ " log under id " + errorId + "; what was stored stays");
		}
	}

	private List<Integer> inputsInTypeOrder() {
		return IntStream.range(0, job.inputs().size())
			.boxed()
			.sorted(Comparator.comparingInt(index -> TypeOrder.rank(job.inputs().get(index).type())))
			.toList();
	}

	/** Reads an input into runs and stores them; the lines held back. */
	private List<HeldLine> load(int input) throws IOException, InterruptedException, ExecutionException {
		Runs runs = new Runs(false);
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
					runs.store(run);
					run = new ArrayList<>(linesPerTransaction);
				}
			}
			if (!run.isEmpty()) {
				runs.store(run);
			}
		}
		catch (IOException ex) {
			runs.finish();
			throw ex;
		}
		return runs.finish();
	}

	/**
	 * The lines that pointed ahead, once everything else is in: those that name each other are
	 * stored together (a care plan, its referrals and their tasks in one transaction), and a line
	 * whose target is neither stored nor among them is refused. One pass: a line waiting for another
	 * line is in its group, whatever the direction.
	 */
	private void storeHeldBack(List<HeldLine> heldBack) throws InterruptedException, ExecutionException {
		if (heldBack.isEmpty() || job.cancelRequested()) {
			return;
		}
		Runs runs = new Runs(true);
		for (List<ImportLine> run : writer.connectedRuns(heldBack)) {
			if (job.cancelRequested()) {
				break;
			}
			runs.store(run);
		}
		runs.finish();
	}

	/** Runs being stored, no more than {@code parallel} at once: a new one waits for a place. */
	private final class Runs {

		private final CompletionService<List<HeldLine>> running = new ExecutorCompletionService<>(transactions);

		private final boolean lastChance;

		private final List<HeldLine> heldBack = new ArrayList<>();

		private int inFlight;

		Runs(boolean lastChance) {
			this.lastChance = lastChance;
		}

		void store(List<ImportLine> run) throws InterruptedException, ExecutionException {
			if (inFlight == parallel) {
				heldBack.addAll(running.take().get());
				inFlight--;
			}
			running.submit(() -> writer.write(job, run, requests, lastChance));
			inFlight++;
		}

		/** Waits for the runs under way; the lines they held back. */
		List<HeldLine> finish() throws InterruptedException, ExecutionException {
			for (; inFlight > 0; inFlight--) {
				heldBack.addAll(running.take().get());
			}
			return heldBack;
		}

	}

}
