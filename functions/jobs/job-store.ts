import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { JobConfig } from './job-config.js';
import type { JobRecord } from './job.js';
import { jobKeys } from './job.js';

/** Reads of a record cut short by a concurrent write, tried again (see getRecord). */
const TORN_READS = 5;

/** A URL that works until `expiresAt` (ISO time), and the headers a request to it must carry. */
export interface PresignedUrl {
  method: 'PUT' | 'GET';
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * The jobs' objects in S3: the record, the uploaded workbook, the result and its list of changes. The bucket is private
 * (public access blocked, serverless.yml); the client reaches the workbooks only through the URLs
 * signed here, which expire after `urlSeconds`.
 */
export class JobStore {
  readonly s3: S3Client;

  constructor(private readonly config: JobConfig) {
    this.s3 = new S3Client({
      ...(config.region ? { region: config.region } : {}),
      ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
      // A checksum is computed only where S3 requires one: the SDK's default would sign a checksum
      // of the empty body into the upload URL, and S3 would refuse every real upload to it.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async putRecord(job: JobRecord): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.config.bucket, Key: jobKeys(job.owner, job.id).record, Body: JSON.stringify(job), ContentType: 'application/json' }),
    );
  }

  /**
   * The job's record, or undefined when there is none (never made, made with another key, or
   * expired). S3 replaces an object whole; a store that writes its file in place (the offline
   * stack's) can hand a read half of one while the runner writes it, or break off its body: such a
   * read is tried again.
   */
  async getRecord(owner: string, id: string): Promise<JobRecord | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const bytes = await this.read(jobKeys(owner, id).record);
        if (!bytes) return undefined;
        return JSON.parse(new TextDecoder().decode(bytes)) as JobRecord;
      } catch (e) {
        if (attempt >= TORN_READS) throw e;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
  }

  /** An upload URL for exactly the declared number of bytes (S3 refuses a body of another length). */
  async uploadUrl(job: JobRecord): Promise<PresignedUrl> {
    const command = new PutObjectCommand({ Bucket: this.config.bucket, Key: jobKeys(job.owner, job.id).input, ContentLength: job.bytes });
    const url = await getSignedUrl(this.s3, command, { expiresIn: this.config.urlSeconds, signableHeaders: new Set(['content-length']) });
    return { method: 'PUT', url, headers: { 'content-length': String(job.bytes) }, expiresAt: this.expiry() };
  }

  /** A download URL of the result workbook, or of the list of changed cells (`changes`: JSON). */
  async downloadUrl(job: JobRecord, which: 'result' | 'changes' = 'result'): Promise<PresignedUrl> {
    const command = new GetObjectCommand({ Bucket: this.config.bucket, Key: jobKeys(job.owner, job.id)[which] });
    const url = await getSignedUrl(this.s3, command, { expiresIn: this.config.urlSeconds });
    return { method: 'GET', url, headers: {}, expiresAt: this.expiry() };
  }

  /** The uploaded workbook's size, or undefined when nothing was uploaded (or it expired). */
  inputSize(job: JobRecord): Promise<number | undefined> {
    return this.size(jobKeys(job.owner, job.id).input);
  }

  resultSize(job: JobRecord): Promise<number | undefined> {
    return this.size(jobKeys(job.owner, job.id).result);
  }

  changesSize(job: JobRecord): Promise<number | undefined> {
    return this.size(jobKeys(job.owner, job.id).changes);
  }

  readInput(job: JobRecord): Promise<Uint8Array | undefined> {
    return this.read(jobKeys(job.owner, job.id).input);
  }

  async writeResult(job: JobRecord, bytes: Uint8Array): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: jobKeys(job.owner, job.id).result, Body: bytes }));
  }

  /** The list of changed cells as JSON, beside the result: a large workbook's list is too large for the record or an API answer. */
  async writeChanges(job: JobRecord, json: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: jobKeys(job.owner, job.id).changes, Body: json, ContentType: 'application/json' }));
  }

  /** Removes the job's objects now rather than at the lifecycle's day: the workbooks are payroll. */
  async remove(job: Pick<JobRecord, 'owner' | 'id'>, which: ('record' | 'input' | 'result' | 'changes')[] = ['record', 'input', 'result', 'changes']): Promise<void> {
    const keys = jobKeys(job.owner, job.id);
    await this.s3.send(new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: which.map((k) => ({ Key: keys[k] })), Quiet: true } }));
  }

  private expiry(): string {
    return new Date(Date.now() + this.config.urlSeconds * 1000).toISOString();
  }

  private async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  private async read(key: string): Promise<Uint8Array | undefined> {
    try {
      const got = await this.s3.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: key }));
      return got.Body ? await got.Body.transformToByteArray() : new Uint8Array();
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }
}

/**
 * An object that is not there. Without s3:ListBucket (not granted: least privilege) S3 answers a
 * missing key 403 rather than 404, so both mean "not there" for the keys of our own prefix.
 */
function isMissing(e: unknown): boolean {
  if (!(e instanceof S3ServiceException)) return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404 || e.$metadata.httpStatusCode === 403;
}
