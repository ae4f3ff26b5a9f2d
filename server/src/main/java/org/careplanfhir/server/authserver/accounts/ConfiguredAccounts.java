package org.careplanfhir.server.authserver.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.careplanfhir.server.security.SecurityProperties;
import org.careplanfhir.server.security.ShippedApp;
import org.careplanfhir.server.storage.DatabaseLock;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Before the server takes requests: registers the apps the server ships and the clients, and creates
 * the accounts, listed in {@code careplan.security}, and on a server with no administrator creates one with a random
 * password, printed once. There is never a fixed default password. Servers starting together on one
 * database do this one at a time (a {@link DatabaseLock}): each looks, then writes, and two at once
 * would both insert the same client, or both create a first administrator with its own password.
 */
public class ConfiguredAccounts implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ConfiguredAccounts.class);

	static final String FIRST_ADMINISTRATOR = "admin";

	private static final String LOCK = "careplan: configured clients and accounts";

	private final DataSource dataSource;

	private final SecurityProperties properties;

	private final UserAccounts users;

	private final ClientRegistrations clients;

	private final List<ShippedApp> apps;

	public ConfiguredAccounts(DataSource dataSource, SecurityProperties properties, UserAccounts users,
			ClientRegistrations clients, List<ShippedApp> apps) {
		this.dataSource = dataSource;
		this.properties = properties;
		this.users = users;
		this.clients = clients;
		this.apps = apps;
	}

	@Override
	public void afterSingletonsInstantiated() {
		DatabaseLock.holding(dataSource, LOCK, this::registerAndCreate);
	}

	private void registerAndCreate() {
		apps.stream()
			.map(ShippedApp::client)
			.filter(app -> properties.clients().stream().noneMatch(client -> client.clientId().equals(app.clientId())))
			.forEach(clients::save);
		properties.clients().forEach(clients::save);
		properties.users()
			.forEach(user -> users.save(
					new UserAccounts.Account(user.username(), user.fhirUser(), user.admin(), true), user.password()));
		if (!users.anyAdministrator()) {
			String password = randomPassword();
			users.save(new UserAccounts.Account(FIRST_ADMINISTRATOR, null, true, true), password);
			log.warn("""

					Created the first administrator account. This password is shown once:
					    username: {}
					    password: {}
					Sign in to the admin API with it (see SECURITY.md) and create named accounts.""",
					FIRST_ADMINISTRATOR, password);
		}
		log.info("Security: {} configured client(s), {} configured account(s)", properties.clients().size(),
				properties.users().size());
	}

	private static String randomPassword() {
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
