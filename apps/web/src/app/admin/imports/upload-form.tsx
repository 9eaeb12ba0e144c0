"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

export interface UploadLabels {
  client: string; kind: string; kinds: { placement: string; recall: string; payment: string }; encoding: string; file: string; submit: string;
  sending: string; chooseFile: string; tooLarge: string; failed: string;
}

/**
 * The file goes to the upload route as the raw request body (the browser streams it; the route streams
 * it to the import disk), then the mapping preview opens for it.
 */
export function UploadForm({ clients, labels }: { clients: Array<{ id: string; label: string }>; labels: UploadLabels }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setError(labels.chooseFile);
    setError(null);
    setPending(true);
    try {
      const clientId = String(form.get("clientId"));
      const query = new URLSearchParams({ clientId, fileName: file.name });
      const res = await fetch(`/api/imports/upload?${query}`, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } });
      if (res.status === 413) return setError(labels.tooLarge);
      if (res.status !== 201) return setError(labels.failed);
      const { fileId } = (await res.json()) as { fileId: string };
      const next = new URLSearchParams({ file: fileId, client: clientId, kind: String(form.get("kind")), encoding: String(form.get("encoding")), name: file.name });
      router.push(`/admin/imports/new?${next}`);
    } catch {
      setError(labels.failed);
    } finally {
      setPending(false);
    }
  }
  return (
    <form className="form" onSubmit={submit} data-testid="import-upload" noValidate>
      <div className="row">
        <label htmlFor="upload-client">{labels.client}
          <select id="upload-client" name="clientId">{clients.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}</select>
        </label>
        <label htmlFor="upload-kind">{labels.kind}
          <select id="upload-kind" name="kind"><option value="placement">{labels.kinds.placement}</option><option value="recall">{labels.kinds.recall}</option><option value="payment">{labels.kinds.payment}</option></select>
        </label>
        <label htmlFor="upload-encoding">{labels.encoding}
          <select id="upload-encoding" name="encoding"><option value="utf-8">UTF-8</option><option value="gbk">GBK</option></select>
        </label>
        <label htmlFor="upload-file">{labels.file}
          <input id="upload-file" name="file" type="file" accept=".csv,text/csv" />
        </label>
        <button type="submit" disabled={pending}>{pending ? labels.sending : labels.submit}</button>
      </div>
      {error ? <div className="form-error" role="alert">{error}</div> : null}
    </form>
  );
}
