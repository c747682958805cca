import { createCipheriv, randomBytes } from 'node:crypto'
import snmp from 'net-snmp'
import { desCbcDecrypt, desCbcEncrypt } from '#collectors/snmp/des'

/**
 * Node 24 runs on OpenSSL 3, where single DES sits in the legacy provider that is not loaded
 * unless the process starts with --openssl-legacy-provider. Legacy GSN lines still have routers
 * that only speak SNMPv3 with DES privacy, so when OpenSSL refuses, the DES privacy of net-snmp is
 * replaced by our own CBC-DES (des.ts; RFC 3414 section 8.1). Slow, but such devices are few and
 * their tables small.
 */
let installed: boolean | null = null

export function opensslHasDes(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8))
    return true
  } catch {
    return false
  }
}

/** Returns true when the fallback is in use. Idempotent. */
export function ensureDesPrivacy(): boolean {
  if (installed !== null) return installed
  installed = !opensslHasDes()
  if (!installed) return false
  const algorithm = snmp.Encryption.algorithms[snmp.PrivProtocols.des]

  function keyAndPreIv(authProtocol: number, privPassword: string, engineId: Buffer) {
    const localized = snmp.Authentication.passwordToKey(authProtocol, privPassword, engineId)
    return { key: localized.subarray(0, 8), preIv: localized.subarray(8, 16) }
  }

  algorithm.encryptPdu = (
    scopedPdu: Buffer,
    _privProtocol: number,
    privPassword: string,
    authProtocol: number,
    engine: { engineID: Buffer }
  ) => {
    const { key, preIv } = keyAndPreIv(authProtocol, privPassword, engine.engineID)
    // The salt is our own engine's boots (we keep none, so 1) and a random integer (8.1.1.1).
    const salt = Buffer.concat([Buffer.from([0, 0, 0, 1]), randomBytes(4)])
    const iv = Buffer.alloc(8)
    for (let i = 0; i < 8; i++) iv[i] = preIv[i] ^ salt[i]
    const padded = Buffer.alloc(Math.ceil(scopedPdu.length / 8) * 8)
    scopedPdu.copy(padded)
    return { encryptedPdu: desCbcEncrypt(key, iv, padded), msgPrivacyParameters: salt }
  }

  algorithm.decryptPdu = (
    encryptedPdu: Buffer,
    _privProtocol: number,
    privParameters: Buffer,
    privPassword: string,
    authProtocol: number,
    engine: { engineID: Buffer }
  ) => {
    if (privParameters.length !== 8) throw new Error(`DES privacy parameters are ${privParameters.length} bytes, not 8`)
    if (encryptedPdu.length % 8 !== 0) throw new Error('DES-encrypted PDU is not a whole number of blocks')
    const { key, preIv } = keyAndPreIv(authProtocol, privPassword, engine.engineID)
    const iv = Buffer.alloc(8)
    for (let i = 0; i < 8; i++) iv[i] = preIv[i] ^ privParameters[i]
    return desCbcDecrypt(key, iv, encryptedPdu)
  }
  return true
}
