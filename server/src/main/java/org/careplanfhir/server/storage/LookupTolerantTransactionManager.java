package org.careplanfhir.server.storage;

import jakarta.persistence.EntityManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's JPA transaction manager, except that a method that joined a transaction and failed inside
 * {@link LookupsThatMayFail} leaves the transaction as it was: its caller handles the failure. Anywhere
 * else a failed participant marks the whole transaction rollback-only, as Spring does by default.
 */
class LookupTolerantTransactionManager extends JpaTransactionManager {

	private static final Logger log = LoggerFactory.getLogger(LookupTolerantTransactionManager.class);

	LookupTolerantTransactionManager(EntityManagerFactory entityManagerFactory) {
		super(entityManagerFactory);
	}

	@Override
	protected void doSetRollbackOnly(DefaultTransactionStatus status) {
		if (LookupsThatMayFail.running()) {
			log.debug("A lookup failed inside a transaction; its caller handles the failure, the transaction goes on");
			return;
		}
		super.doSetRollbackOnly(status);
	}

}
