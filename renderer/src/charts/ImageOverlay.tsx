import { useEffect, useRef, useState } from 'react';
import type { LabelExplanation } from '../../../shared/domain/explanation';
import { overlayImage, upscaleNearest, weightsBySegment } from '../../../shared/engine/image/overlay';

/**
 * The image with its strongest regions tinted, and a slider for how many regions to show. Drawn in the
 * page from the saved segmentation and the picture, with the same pure function the command line uses.
 */
export function ImageOverlay({
  picture,
  segmentation,
  width,
  height,
  explanation,
}: {
  picture: string;
  segmentation: string;
  width: number;
  height: number;
  explanation: LabelExplanation;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [regions, setRegions] = useState(3);
  const count = explanation.weights.length;
  useEffect(() => {
    const image = new Image();
    image.onload = () => {
      const c = canvas.current;
      if (!c) return;
      const [w, h] = [image.naturalWidth, image.naturalHeight];
      c.width = w;
      c.height = h;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const rgba = new Uint8Array(ctx.getImageData(0, 0, w, h).data.buffer);
      const bytes = Uint8Array.from(atob(segmentation), (ch) => ch.charCodeAt(0));
      const labels = Int32Array.from(new Uint16Array(bytes.buffer));
      const big = upscaleNearest(labels, width, height, 1, Math.round(w / width));
      const out = overlayImage(rgba, w, h, 4, big, weightsBySegment(labels, explanation.weights), {
        top: regions,
        positive: [0, 114, 178],
        negative: [213, 94, 0],
      });
      const pixels = new ImageData(w, h);
      pixels.data.set(out);
      ctx.putImageData(pixels, 0, 0);
    };
    image.src = picture;
  }, [picture, segmentation, width, height, explanation, regions]);
  return (
    <figure className="overlay">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`Image with its ${regions} strongest supporting regions in blue and opposing regions in vermillion`}
      />
      <label>
        Regions shown: {regions}
        <input
          type="range"
          min={1}
          max={Math.max(1, count)}
          value={regions}
          onChange={(e) => setRegions(Number(e.target.value))}
        />
      </label>
    </figure>
  );
}
