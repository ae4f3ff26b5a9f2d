package org.careplanfhir.server.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an instance does as it takes the scheduled jobs' lease over: hands back to the queue the
 * batch work (export, reindex steps) the last holder had taken and not finished. HAPI's maintenance
 * pass sends each step's work only to the instance running it, through that instance's memory, so
 * work sent to an instance that died would otherwise wait forever, and the export with it. At that
 * moment this instance has sent no work of its own yet, so all work under way is the last holder's.
 * A chunk done again writes its part again: an export whose holder died while writing a file may
 * list that part twice.
 */
final class OrphanedBatchWork implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(OrphanedBatchWork.class);

	private final JdbcTemplate database;

	OrphanedBatchWork(JdbcTemplate database) {
		this.database = database;
	}

	@Override
	public void run() {
		int handedBack = database
			.update("UPDATE bt2_work_chunk SET stat = 'READY' WHERE stat IN ('QUEUED', 'IN_PROGRESS', 'ERRORED')");
		if (handedBack > 0) {
			log.info("Handed {} batch work chunks the last holder of the jobs' lease left unfinished back to the queue",
					handedBack);
		}
	}

}
