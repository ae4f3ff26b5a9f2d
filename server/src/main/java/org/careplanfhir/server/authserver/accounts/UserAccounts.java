package org.careplanfhir.server.authserver.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * People who log in to the authorization server, kept in PostgreSQL with hashed passwords, each
 * linked to the FHIR resource they are ({@code fhirUser}).
 */
public class UserAccounts implements UserDetailsService {

	private final JdbcTemplate database;

	private final PasswordEncoder passwords;

	private final int minPasswordLength;

	public UserAccounts(JdbcTemplate database, PasswordEncoder passwords, int minPasswordLength) {
		this.database = database;
		this.passwords = passwords;
		this.minPasswordLength = minPasswordLength;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		Account account = find(username).orElseThrow(() -> new UsernameNotFoundException(username));
		String hash = database.queryForObject("SELECT password_hash FROM careplan_user WHERE username = ?",
				String.class, username);
		List<GrantedAuthority> roles = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER")));
		if (account.admin()) {
			roles.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
		}
		return User.withUsername(username).password(hash).authorities(roles).disabled(!account.enabled()).build();
	}

	public Optional<Account> find(String username) {
		return database
			.query("SELECT username, fhir_user, admin, enabled FROM careplan_user WHERE username = ?",
					(row, n) -> new Account(row.getString(1), row.getString(2), row.getBoolean(3), row.getBoolean(4)),
					username)
			.stream()
			.findFirst();
	}

	public List<Account> all() {
		return database.query("SELECT username, fhir_user, admin, enabled FROM careplan_user ORDER BY username",
				(row, n) -> new Account(row.getString(1), row.getString(2), row.getBoolean(3), row.getBoolean(4)));
	}

	/** Creates or replaces an account; a null password keeps the current one. */
	public void save(Account account, String password) {
		String hash = password == null ? null : encode(account.username(), password);
		int updated = database.update(
				"UPDATE careplan_user SET fhir_user = ?, admin = ?, enabled = ?, password_hash = coalesce(?, password_hash)"
						+ " WHERE username = ?",
				account.fhirUser(), account.admin(), account.enabled(), hash, account.username());
		if (updated == 0) {
			if (hash == null) {
				throw new IllegalArgumentException("A new account needs a password");
			}
			database.update(
					"INSERT INTO careplan_user (username, password_hash, fhir_user, admin, enabled) VALUES (?, ?, ?, ?, ?)",
					account.username(), hash, account.fhirUser(), account.admin(), account.enabled());
		}
	}

	public boolean delete(String username) {
		return database.update("DELETE FROM careplan_user WHERE username = ?", username) > 0;
	}

	public boolean anyAdministrator() {
		return Boolean.TRUE.equals(
				database.queryForObject("SELECT exists(SELECT 1 FROM careplan_user WHERE admin AND enabled)", Boolean.class));
	}

	/**
	 * Passwords from configuration may come hashed ({@code {bcrypt}...}); anything else, {@code {noop}…}
	 * included, is a plain password that must pass {@link PasswordRules}, and is hashed here.
	 */
	private String encode(String username, String password) {
		if (ClientRegistrations.isEncoded(password)) {
			return password;
		}
		PasswordRules.check(username, password, minPasswordLength);
		return passwords.encode(password);
	}

	/**
	 * @param username the login name
	 * @param fhirUser the Practitioner, Patient or RelatedPerson this person is, or null
	 * @param admin may manage accounts and clients
	 * @param enabled may log in
	 */
	public record Account(String username, String fhirUser, boolean admin, boolean enabled) {
	}

}
