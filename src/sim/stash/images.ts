/** Bytes the simulated Stash serves: a real 1×1 PNG per screenshot version (data after IEND keeps them distinct), and an MP4 preview. */

const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function screenshotPng(sceneId: string, version: number): Buffer {
  return Buffer.concat([onePixelPng, Buffer.from(`scene ${sceneId} screenshot ${version}`)]);
}

/** A performer's photo: a real 1×1 PNG, distinct per performer. */
export function performerPng(performerId: string): Buffer {
  return Buffer.concat([onePixelPng, Buffer.from(`performer ${performerId} image`)]);
}

/** An MP4 header (`ftyp` box): what Stash's preview path serves, never a valid poster. */
export function previewMp4(sceneId: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftypmp42\0\0\0\0mp42isom scene ${sceneId}`)]);
}
