import { test } from '@japa/runner'
import { SnmpError } from '#collectors/snmp/errors'
import { normaliseCredentials, parseAuthProtocol, parseHostPort, parsePrivProtocol, SnmpSession, v3CredentialsFrom } from '#collectors/snmp/session'

function kindOf(fn: () => unknown): string | null {
  try {
    fn()
    return null
  } catch (error) {
    return error instanceof SnmpError ? error.kind : 'not an SnmpError'
  }
}

test.group('SNMP session configuration', () => {
  test('protocol names are case-insensitive and take the usual spellings', ({ assert }) => {
    assert.equal(parseAuthProtocol('SHA'), 'sha')
    assert.equal(parseAuthProtocol('sha1'), 'sha')
    assert.equal(parseAuthProtocol('SHA-256'), 'sha256')
    assert.equal(parseAuthProtocol('Sha512'), 'sha512')
    assert.equal(parseAuthProtocol('MD5'), 'md5')
    assert.equal(parsePrivProtocol('AES'), 'aes')
    assert.equal(parsePrivProtocol('aes-128'), 'aes')
    assert.equal(parsePrivProtocol('AES256'), 'aes256b')
    assert.equal(parsePrivProtocol('AES-256-C'), 'aes256r')
    assert.equal(parsePrivProtocol('des'), 'des')
  })

  test('unknown protocols are a configuration error naming the choices', ({ assert }) => {
    assert.equal(kindOf(() => parseAuthProtocol('sha3')), 'config')
    assert.throws(() => parsePrivProtocol('AES-192'), /AES-192 is not supported/)
  })

  test('credentials are checked before anything is sent', ({ assert }) => {
    assert.equal(kindOf(() => normaliseCredentials({ version: '2c', community: '' })), 'config')
    assert.equal(
      kindOf(() => normaliseCredentials({ version: '3', user: 'noc', level: 'authPriv', authKey: 'long-enough', privKey: 'short' })),
      'config'
    )
    assert.equal(kindOf(() => normaliseCredentials({ version: '3', user: '', level: 'noAuthNoPriv' })), 'config')
    const v3 = normaliseCredentials({
      version: '3',
      user: 'noc',
      level: 'authPriv',
      authProtocol: 'SHA-256' as any,
      authKey: 'auth-key-1',
      privProtocol: 'AES' as any,
      privKey: 'priv-key-1',
    })
    assert.deepEqual(v3, {
      version: '3',
      user: 'noc',
      level: 'authPriv',
      authProtocol: 'sha256',
      authKey: 'auth-key-1',
      privProtocol: 'aes',
      privKey: 'priv-key-1',
    })
    // An authNoPriv user keeps no privacy settings even if some were stored.
    assert.notProperty(
      normaliseCredentials({ version: '3', user: 'noc', level: 'authNoPriv', authKey: 'auth-key-1', privKey: 'x' }),
      'privKey'
    )
  })

  test('HOST[:PORT] in its forms', ({ assert }) => {
    assert.deepEqual(parseHostPort('10.0.0.1'), { host: '10.0.0.1', port: 161 })
    assert.deepEqual(parseHostPort('router.gsn.example:1161'), { host: 'router.gsn.example', port: 1161 })
    assert.deepEqual(parseHostPort('[2001:db8::1]:16100'), { host: '2001:db8::1', port: 16100 })
    assert.deepEqual(parseHostPort('2001:db8::1'), { host: '2001:db8::1', port: 161 })
    assert.equal(kindOf(() => parseHostPort('host:99999')), 'config')
    assert.equal(kindOf(() => parseHostPort('host:abc')), 'config')
    assert.equal(kindOf(() => parseHostPort(':161')), 'config')
  })

  test('a session refuses nonsense timeouts and retries', ({ assert }) => {
    const credentials = { version: '2c' as const, community: 'public' }
    assert.equal(kindOf(() => new SnmpSession({ host: '127.0.0.1', credentials, timeoutMs: 0 })), 'config')
    assert.equal(kindOf(() => new SnmpSession({ host: '127.0.0.1', credentials, retries: -1 })), 'config')
  })

  test('a name that does not resolve is unreachable, reported on the request', async ({ assert }) => {
    const session = new SnmpSession({ host: 'no-such-device.invalid', credentials: { version: '2c', community: 'public' } })
    try {
      await session.get(['1.3.6.1.2.1.1.3.0'])
      assert.fail('resolved an .invalid name')
    } catch (error) {
      assert.instanceOf(error, SnmpError)
      assert.equal((error as SnmpError).kind, 'unreachable')
    } finally {
      session.close()
    }
  })

  test('SNMPv3 options from a command line: the level follows the keys given, in any case, and a bad one is a config error', ({ assert }) => {
    assert.equal(v3CredentialsFrom({ user: 'noc' }).level, 'noAuthNoPriv')
    assert.equal(v3CredentialsFrom({ user: 'noc', authKey: 'auth-key-1' }).level, 'authNoPriv')
    assert.deepEqual(v3CredentialsFrom({ user: 'noc', authProtocol: 'SHA256', authKey: 'auth-key-1', privKey: 'priv-key-1' }), {
      version: '3',
      user: 'noc',
      level: 'authPriv',
      authProtocol: 'SHA256' as any,
      authKey: 'auth-key-1',
      privProtocol: undefined,
      privKey: 'priv-key-1',
    })
    assert.equal(v3CredentialsFrom({ user: 'noc', level: 'AUTHPRIV', authKey: 'auth-key-1', privKey: 'priv-key-1' }).level, 'authPriv')
    assert.equal(kindOf(() => v3CredentialsFrom({ user: 'noc', level: 'authpriv-please' })), 'config')
    assert.equal(kindOf(() => v3CredentialsFrom({})), 'config')
    // The protocols are checked where stored credentials are checked too.
    assert.deepInclude(normaliseCredentials(v3CredentialsFrom({ user: 'noc', authProtocol: 'SHA256', authKey: 'auth-key-1', privKey: 'priv-key-1' })), { authProtocol: 'sha256' })
  })
})
