package org.careplanfhir.server.observability;

import java.lang.management.ManagementFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs, once the server takes requests, where the FHIR endpoint is and how long start-up took
 * from JVM launch: the figure operators compare across releases.
 */
@Component
class StartupReport {

	private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		long sinceJvmStart = ManagementFactory.getRuntimeMXBean().getUptime();
		String port = event.getApplicationContext() instanceof WebServerApplicationContext web
				? Integer.toString(web.getWebServer().getPort()) : "?";
		log.info("Careplan FHIR Server ready: FHIR endpoint at http://localhost:{}/fhir, started in {} ms "
				+ "({} ms since JVM launch)", port, event.getTimeTaken().toMillis(), sinceJvmStart);
	}

}
