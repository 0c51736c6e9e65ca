import { describe, expect, it } from 'vitest';
import { classifyPageType, PAGE_TYPES, type PageType } from '../../src/analysis/index.js';

const TABLE: Array<[string, PageType]> = [
  ['https://example.com/', 'page'],
  ['https://example.com', 'page'],
  ['https://example.com/services/web-design', 'page'],
  ['https://example.com/pricing.html', 'page'],
  ['https://example.com/search?q=shoes', 'other'],
  ['https://example.com/feed.json', 'other'],
  ['https://example.com/files/brochure.PDF', 'pdf'],
  ['https://example.com/wp-content/uploads/2024/05/logo.png', 'image'],
  ['https://cdn.example.com/a/b/photo.JPEG', 'image'],
  ['https://example.com/media/intro.mp4', 'video'],
  ['https://example.com/videos/how-we-work', 'video'],
  ['https://www.youtube.com/watch?v=abc', 'video'],
  ['https://example.com/contact', 'contact'],
  ['https://example.com/contact-us/', 'contact'],
  ['https://example.com/Contact_Us.html', 'contact'],
  ['https://example.de/de/kontakt/', 'contact'],
  ['https://example.es/contacto', 'contact'],
  ['https://example.fr/contactez-nous', 'contact'],
  ['https://example.it/contatti', 'contact'],
  ['https://example.com.br/fale-conosco', 'contact'],
  ['https://example.com/about', 'about'],
  ['https://example.de/ueber-uns', 'about'],
  ['https://example.de/%C3%BCber-uns', 'about'],
  ['https://example.fr/qui-sommes-nous', 'about'],
  ['https://example.es/quienes-somos', 'about'],
  ['https://example.com/about/team', 'team'],
  ['https://example.com/people/jane-doe', 'team'],
  ['https://example.de/unser-team', 'team'],
  ['https://example.de/impressum', 'legal'],
  ['https://example.com/privacy-policy', 'legal'],
  ['https://example.de/datenschutz', 'legal'],
  ['https://example.fr/mentions-legales', 'legal'],
  ['https://example.es/aviso-legal', 'legal'],
  ['https://example.com/terms-of-service', 'legal'],
  ['https://example.com/careers', 'careers'],
  ['https://example.com/careers/senior-engineer', 'careers'],
  ['https://example.de/karriere/stellenangebote', 'careers'],
  ['https://example.com/company/careers', 'careers'],
  ['https://example.com/product/blue-shirt', 'product'],
  ['https://shop.example.com/products/hat', 'product'],
  ['https://shop.example.com/collections/summer/products/hat', 'product'],
  ['https://example.de/produkte/stuhl-42', 'product'],
  ['https://www.amazon.com/dp/B000123', 'product'],
  ['https://shop.example.com/products', 'category'],
  ['https://shop.example.com/collections/summer', 'category'],
  ['https://example.com/product-category/shirts/', 'category'],
  ['https://example.com/category/news', 'category'],
  ['https://example.com/shop/', 'category'],
  ['https://example.com/blog', 'category'],
  ['https://example.com/2024/05/', 'category'],
  ['https://example.com/tag/seo/', 'tag'],
  ['https://example.com/topics/privacy-tools', 'tag'],
  ['https://example.com/blog/my-first-post', 'post'],
  ['https://example.com/news/2024/launch', 'post'],
  ['https://example.de/aktuelles/sommerfest', 'post'],
  ['https://example.com/2024/05/31/hello-world/', 'post'],
  ['https://example.com/2024/05/hello-world', 'post'],
  ['../relative/page.html', 'page'],
];

describe('classifyPageType', () => {
  it.each(TABLE)('classifies %s as %s', (url, type) => {
    expect(classifyPageType(url)).toBe(type);
  });

  it('has an example for every page type', () => {
    expect(new Set(TABLE.map(([, t]) => t))).toEqual(new Set(PAGE_TYPES));
  });

  it('does not mistake a word inside a slug for an intent page', () => {
    expect(['https://example.com/contact-lenses-guide', 'https://example.com/about-face-cream', 'https://example.com/teamwork-tips'].map(classifyPageType)).toEqual([
      'page',
      'page',
      'page',
    ]);
  });

  it('keeps malformed percent escapes and classifies the path as written', () => {
    expect(classifyPageType('https://example.com/%E0%A4%A/contact')).toBe('contact');
  });
});
